/// @file gait/shooting.cpp
#include "kneeload/gait/shooting.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {

double GaitResiduals::max_abs() const {
    return std::max({std::abs(com_height_m), std::abs(com_vertical_velocity_m_per_s),
                     std::abs(com_horizontal_velocity_m_per_s), std::abs(mean_speed_m_per_s), std::abs(closure)});
}

namespace shooting {

StanceControl control_from(const Vector5& u, const StanceModel& model, const GaitKinematics& gait) {
    StanceControl c;
    c.touchdown_knee_flexion_rad =
        model.touchdown_knee_flexion_rad(gait.speed_m_per_s, cadence_ratio(gait, model.parameters.runner));
    c.touchdown_leg_angle_rad = u[angle];
    c.hip_velocity_y_m_per_s = u[hip_vy];
    c.hip_velocity_x_m_per_s = u[hip_vx];
    c.leg_stiffness_n_per_m = u[stiffness] * stiffness_scale_n_per_m;
    c.unloading_stiffness_ratio = u[ratio];
    c.lower_limb_touchdown_speed_m_per_s = retraction_touchdown_speed_m_per_s(model, c);
    return c;
}

Vector5 unknowns_from(const StanceControl& c) {
    Vector5 u;
    u << c.touchdown_leg_angle_rad, c.hip_velocity_y_m_per_s, c.hip_velocity_x_m_per_s,
        c.leg_stiffness_n_per_m / stiffness_scale_n_per_m, c.unloading_stiffness_ratio;
    return u;
}

Vector5 residual_weights(ClosureKind closure) {
    constexpr double height_scale_m = 0.01, velocity_scale_m_per_s = 0.1;
    constexpr double closure_scale = 0.01, coarse_closure_scale = 0.02;
    const bool coarse = closure == ClosureKind::duty_factor || closure == ClosureKind::touchdown_angle;
    return (Vector5() << 1.0 / height_scale_m, 1.0 / velocity_scale_m_per_s, 1.0 / velocity_scale_m_per_s,
            1.0 / velocity_scale_m_per_s, 1.0 / (coarse ? coarse_closure_scale : closure_scale))
        .finished();
}

namespace {
/// One unknown's physical limits and what reaching each means.
struct Limit {
    double lower, upper;
    const char* at_lower;
    const char* at_upper;
};
// The box of physically possible stances: a leg angle up to ~69 deg from the vertical, the hip
// moving down at touchdown, forward speeds to 25 m/s, leg stiffness 1-1000 kN/m and an
// unloading ratio of 0.2-3.
constexpr Limit limits[5] = {
    {0.01, 1.2, "the leg would land vertically below the hip",
     "the leg would land more than 69 deg from the vertical (the body travels too far over the foot in contact)"},
    {-5.0, -1e-3, "the hip would land moving down faster than 5 m/s",
     "the hip would have to rise at touchdown: the flight is too short for the body to land moving down "
     "(the leg would have to pull)"},
    {0.1, 25.0, "the hip would land moving forward slower than 0.1 m/s",
     "the hip would land moving forward faster than 25 m/s"},
    {0.1, 100.0, "the leg spring would be softer than 1 kN/m (the leg collapses)",
     "the leg spring would be stiffer than 1000 kN/m"},
    {0.2, 3.0, "the leg's active element would have to return more than 5x the energy the leg stores",
     "the leg would have to dissipate more than 2/3 of the energy it stores"},
};
}  // namespace

void clamp_unknowns(Vector5& u) {
    for (int i = 0; i < 5; ++i) u[i] = std::clamp(u[i], limits[i].lower, limits[i].upper);
}

void box(Vector5& lower, Vector5& upper) {
    for (int i = 0; i < 5; ++i) lower[i] = limits[i].lower, upper[i] = limits[i].upper;
}

std::optional<std::string> limit_reached(const Vector5& u) {
    constexpr double relative_margin = 1e-9;
    for (int i = 0; i < 5; ++i) {
        const Limit& l = limits[i];
        const double margin = relative_margin * (l.upper - l.lower);
        if (u[i] <= l.lower + margin) return std::string(l.at_lower);
        if (u[i] >= l.upper - margin) return std::string(l.at_upper);
    }
    return std::nullopt;
}

Evaluation evaluate(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target,
                    const Vector5& unknowns) {
    Evaluation e;
    const StanceControl control = control_from(unknowns, model, gait);
    const StanceOutcome stance = integrate_stance(model, control);
    e.stance_status = stance.status;
    if (!e.stance_ok()) return e;
    const double g = model.gravity, T = gait.step_period_s();
    const auto td = centre_of_mass(model, stance.touchdown_state);
    const auto to = centre_of_mass(model, stance.take_off_state);
    e.contact_time_s = stance.contact_time_s;
    e.flight_time_s = T - stance.contact_time_s;
    const double tf = e.flight_time_s;
    e.take_off_com_vy = to[3];
    e.com_touchdown_x_m = td[0];
    GaitResiduals& r = e.named;
    r.com_height_m = to[1] + to[3] * tf - 0.5 * g * tf * tf - td[1];
    r.com_vertical_velocity_m_per_s = (to[3] - g * tf) - td[3];
    r.com_horizontal_velocity_m_per_s = to[2] - td[2];
    r.mean_speed_m_per_s = (to[0] + to[2] * tf - td[0]) / T - gait.speed_m_per_s;
    r.closure = closure_residual(target, control, e.contact_time_s, T, td[0]);
    r.mean_vertical_force_excess_bw = r.com_vertical_velocity_m_per_s / (g * T);
    r.net_horizontal_impulse_n_s = model.body_mass_kg * r.com_horizontal_velocity_m_per_s;
    e.residual << r.com_height_m, r.com_vertical_velocity_m_per_s, r.com_horizontal_velocity_m_per_s,
        r.mean_speed_m_per_s, r.closure;
    return e;
}

}  // namespace shooting
}  // namespace kneeload
