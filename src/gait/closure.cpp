/// @file gait/closure.cpp
#include "kneeload/gait/closure.hpp"

#include <cmath>

#include "kneeload/model/spring_mass_relations.hpp"

namespace kneeload {

double empirical_leg_stiffness_n_per_m(const Runner& runner, const GaitKinematics& gait) {
    const double preferred = preferred_cadence_steps_per_min(gait.speed_m_per_s, runner);
    return runner.dimensionless_leg_stiffness * runner.body_weight_n() / runner.leg_length_m() *
           std::pow(gait.cadence_steps_per_min / preferred, constants::empirical_stiffness_frequency_exponent);
}

std::optional<double> empirical_contact_time_s(const Runner& runner, const GaitKinematics& gait, double gravity) {
    return sine_wave_contact_time_s(runner.body_mass_kg, gait.speed_m_per_s, runner.leg_length_m(),
                                    gait.step_period_s(), empirical_leg_stiffness_n_per_m(runner, gait), 0.0, gravity);
}

std::optional<ClosureTarget> closure_target(const StanceModel& model, const GaitKinematics& gait,
                                            const Closure& closure) {
    switch (closure.kind) {
        case ClosureKind::empirical: {
            const auto contact_time = empirical_contact_time_s(model.parameters.runner, gait, model.gravity);
            if (!contact_time) return std::nullopt;
            return ClosureTarget{closure, *contact_time};
        }
        case ClosureKind::touchdown_angle:  // from the horizontal [deg] to the leg angle from the vertical [rad]
            return ClosureTarget{closure, (90.0 - closure.target) / constants::degrees_per_radian};
        default:
            return ClosureTarget{closure, closure.target};
    }
}

double closure_quantity(ClosureKind kind, const StanceControl& control, double contact_time_s, double step_period_s,
                        double com_touchdown_x_m) {
    switch (kind) {
        case ClosureKind::empirical:
        case ClosureKind::contact_time:
            return contact_time_s;
        case ClosureKind::duty_factor:
            return contact_time_s / (2.0 * step_period_s);
        case ClosureKind::leg_stiffness:
            return control.leg_stiffness_n_per_m;
        case ClosureKind::touchdown_angle:
            return control.touchdown_leg_angle_rad;
        case ClosureKind::foot_placement:
            return -com_touchdown_x_m;
    }
    return 0.0;
}

double closure_residual(const ClosureTarget& target, const StanceControl& control, double contact_time_s,
                        double step_period_s, double com_touchdown_x_m) {
    const double quantity =
        closure_quantity(target.closure.kind, control, contact_time_s, step_period_s, com_touchdown_x_m);
    // The leg stiffness in relative terms: its values are ~10^4 N/m, the others ~0.01-1.
    return target.closure.kind == ClosureKind::leg_stiffness ? quantity / target.value - 1.0 : quantity - target.value;
}

}  // namespace kneeload
