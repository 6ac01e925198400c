/// @file integrate/stance.cpp
/// The stance integration compiled once, for the dynamics-only observer (the gait solver's).
#include "kneeload/integrate/stance_integrator.hpp"

namespace kneeload {

template StanceOutcome integrate_stance<NullStanceObserver>(const StanceModel&, const StanceControl&,
                                                            NullStanceObserver&);

StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control) {
    NullStanceObserver observer;
    return stance_detail::StanceIntegrator<NullStanceObserver, DynamicsState>(model, control, observer).run();
}

}  // namespace kneeload
