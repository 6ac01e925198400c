#pragma once
/// @file gait/first_guess.hpp
/// The solver's analytic starting point, from the sine-wave spring-mass relations (Morin et al.
/// 2005) and the energy the active element must return.

#include "kneeload/gait/shooting.hpp"

namespace kneeload {

shooting::Vector5 first_guess(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target);

}  // namespace kneeload
