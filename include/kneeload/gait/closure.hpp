#pragma once
/// @file gait/closure.hpp
/// The closure relation of the periodic-gait problem: its target in the solver's units and its
/// residual for a candidate step.

#include <optional>

#include "kneeload/gait/kinematics.hpp"
#include "kneeload/model/stance_dynamics.hpp"

namespace kneeload {

/// Sine-wave leg stiffness of the empirical closure [N/m]: K M g / L (f / f_pref)^beta
/// (constants.hpp: McMahon & Cheng 1990; Farley & Gonzalez 1996).
double empirical_leg_stiffness_n_per_m(const Runner& runner, const GaitKinematics& gait);

/// Contact time [s] at which the sine-wave leg stiffness (Morin et al. 2005) of a step of this
/// speed and cadence equals empirical_leg_stiffness_n_per_m: the sine-wave stiffness depends on
/// the contact time alone for a given speed, cadence and runner, so the empirical closure fixes
/// the contact time. Empty when no contact time shorter than the step period reaches it (then
/// there is no flight phase). `gravity` is what the body falls with (less under weight support;
/// the leg stiffness law keeps the runner's true weight: a model choice, not checked against
/// weight-supported running).
std::optional<double> empirical_contact_time_s(const Runner& runner, const GaitKinematics& gait,
                                               double gravity = constants::gravity_m_per_s2);

/// What the solver drives the closure residual to.
struct ClosureTarget {
    Closure closure;
    /// contact time [s] (empirical, contact_time), duty factor [1], leg stiffness [N/m], leg
    /// angle from the vertical [rad] (touchdown_angle), or foot placement ahead of the COM [m].
    double value = 0.0;
};

/// The closure's target in solver units; empty for an empirical closure without a flight phase.
std::optional<ClosureTarget> closure_target(const StanceModel& model, const GaitKinematics& gait,
                                            const Closure& closure);

/// Residual of the closure for a candidate step, in the closure's unit (relative for the leg
/// stiffness). `com_touchdown_x_m` is the COM's position relative to the contact point.
double closure_residual(const ClosureTarget& target, const StanceControl& control, double contact_time_s,
                        double step_period_s, double com_touchdown_x_m);

/// The closure's quantity of a step in the target's units (ClosureTarget::value): what a target
/// of this kind would have to be for the step to satisfy it. The gait solver's continuation
/// starts a closure target from this value at a solved anchor step.
double closure_quantity(ClosureKind kind, const StanceControl& control, double contact_time_s, double step_period_s,
                        double com_touchdown_x_m);

}  // namespace kneeload
