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
    c.touchdown_knee_flexion_rad = model.touchdown_knee_flexion_rad(gait.speed_m_per_s);
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

void clamp_unknowns(Vector5& u) {
    // The box of physically possible stances: a leg angle up to ~69 deg from the vertical, the
    // hip moving down at touchdown, forward speeds to 25 m/s, leg stiffness 1-1000 kN/m and an
    // unloading ratio of 0.2-3.
    constexpr double angle_rad[] = {0.01, 1.2}, hip_vy_m_per_s[] = {-5.0, -1e-3}, hip_vx_m_per_s[] = {0.1, 25.0};
    constexpr double stiffness_scaled[] = {0.1, 100.0}, unloading_ratio[] = {0.2, 3.0};
    u[angle] = std::clamp(u[angle], angle_rad[0], angle_rad[1]);
    u[hip_vy] = std::clamp(u[hip_vy], hip_vy_m_per_s[0], hip_vy_m_per_s[1]);
    u[hip_vx] = std::clamp(u[hip_vx], hip_vx_m_per_s[0], hip_vx_m_per_s[1]);
    u[stiffness] = std::clamp(u[stiffness], stiffness_scaled[0], stiffness_scaled[1]);
    u[ratio] = std::clamp(u[ratio], unloading_ratio[0], unloading_ratio[1]);
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
