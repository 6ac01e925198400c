#pragma once
/// @file outputs.hpp
/// Everything the model reports at one instant of stance (forces, geometry, knee, PFJ),
/// computed from the state, and the sampled time series of a step.

#include <Eigen/Core>
#include <vector>

#include "kneeload/knee.hpp"
#include "kneeload/patellofemoral.hpp"
#include "kneeload/stance.hpp"

namespace kneeload {

/// One instant of stance. SI units unless the name says otherwise.
struct OutputSample {
    double time_s = 0.0;
    double hip_x_m = 0.0, hip_y_m = 0.0;
    double com_x_m = 0.0, com_y_m = 0.0;
    double foot_y_m = 0.0;
    double cop_x_m = 0.0;
    double leg_length_m = 0.0;
    double leg_compression_m = 0.0;
    double leg_force_n = 0.0;
    double vertical_grf_n = 0.0;
    double horizontal_grf_n = 0.0;
    double contact_compression_m = 0.0;   ///< shoe + heel pad + series springs
    double knee_flexion_deg = 0.0;
    double knee_extensor_moment_n_m = 0.0;
    double quadriceps_force_n = 0.0;
    double pfj_force_n = 0.0;
    double pfj_contact_area_mm2 = 0.0;
    double pfj_stress_mpa = 0.0;
};

/// Evaluates every output at one state.
inline OutputSample evaluate_outputs(const StanceModel& model, const StanceSystem& system, const StanceState& s,
                                     double t) {
    using namespace stance_index;
    OutputSample o;
    const StanceForces f = system.forces(s);
    const auto com = centre_of_mass(model, s);
    o.time_s = t;
    o.hip_x_m = s[x_hip];
    o.hip_y_m = s[y_hip];
    o.com_x_m = com[0];
    o.com_y_m = com[1];
    o.foot_y_m = s[y_foot];
    o.cop_x_m = f.cop_x_m;
    o.leg_length_m = f.leg_length_m;
    o.leg_compression_m = system.touchdown_leg_length_m - f.leg_length_m;
    o.leg_force_n = f.leg_force_n;
    o.vertical_grf_n = f.contact.force_n;
    o.horizontal_grf_n = f.ground_force_x_n;
    o.contact_compression_m = std::max(0.0, -s[y_foot]);
    const KneeState knee = knee_state(model.leg, Eigen::Vector2d(s[x_hip], s[y_hip]),
                                      Eigen::Vector2d(f.cop_x_m, s[y_foot]), f.cop_ahead_of_ankle_m,
                                      o.leg_compression_m, Eigen::Vector2d(f.ground_force_x_n, f.contact.force_n));
    o.knee_flexion_deg = knee.flexion_deg;
    o.knee_extensor_moment_n_m = knee.extensor_moment_n_m;
    const pfj::Load load = pfj::evaluate(knee.flexion_deg, knee.extensor_moment_n_m,
                                         model.parameters.patellofemoral.contact_area_curve);
    o.quadriceps_force_n = load.quadriceps_force_n;
    o.pfj_force_n = load.pfj_force_n;
    o.pfj_contact_area_mm2 = load.contact_area_mm2;
    o.pfj_stress_mpa = load.stress_mpa;
    return o;
}

/// Sampled stance time series, one vector per quantity (columns), equal lengths.
/// Samples lie on a uniform grid of the chosen rate plus the exact event instants
/// (is_event = 1 there).
struct TimeSeries {
    std::vector<double> time_s, hip_x_m, hip_y_m, com_x_m, com_y_m, foot_y_m, cop_x_m, leg_length_m,
        leg_compression_m, leg_force_n, vertical_grf_n, horizontal_grf_n, contact_compression_m,
        knee_flexion_deg, knee_extensor_moment_n_m, quadriceps_force_n, pfj_force_n, pfj_contact_area_mm2,
        pfj_stress_mpa;
    std::vector<int> is_event;

    std::size_t size() const { return time_s.size(); }
    void clear() {
        for_each_column([](const char*, const char*, std::vector<double>& c) { c.clear(); });
        is_event.clear();
    }
    void push_back(const OutputSample& o, bool event) {
        time_s.push_back(o.time_s);
        hip_x_m.push_back(o.hip_x_m);
        hip_y_m.push_back(o.hip_y_m);
        com_x_m.push_back(o.com_x_m);
        com_y_m.push_back(o.com_y_m);
        foot_y_m.push_back(o.foot_y_m);
        cop_x_m.push_back(o.cop_x_m);
        leg_length_m.push_back(o.leg_length_m);
        leg_compression_m.push_back(o.leg_compression_m);
        leg_force_n.push_back(o.leg_force_n);
        vertical_grf_n.push_back(o.vertical_grf_n);
        horizontal_grf_n.push_back(o.horizontal_grf_n);
        contact_compression_m.push_back(o.contact_compression_m);
        knee_flexion_deg.push_back(o.knee_flexion_deg);
        knee_extensor_moment_n_m.push_back(o.knee_extensor_moment_n_m);
        quadriceps_force_n.push_back(o.quadriceps_force_n);
        pfj_force_n.push_back(o.pfj_force_n);
        pfj_contact_area_mm2.push_back(o.pfj_contact_area_mm2);
        pfj_stress_mpa.push_back(o.pfj_stress_mpa);
        is_event.push_back(event ? 1 : 0);
    }
    /// Calls f(name, unit, column) for every double column, in a fixed order.
    template <class F>
    void for_each_column(F&& f) {
        f("time_s", "s", time_s);
        f("hip_x_m", "m", hip_x_m);
        f("hip_y_m", "m", hip_y_m);
        f("com_x_m", "m", com_x_m);
        f("com_y_m", "m", com_y_m);
        f("foot_y_m", "m", foot_y_m);
        f("cop_x_m", "m", cop_x_m);
        f("leg_length_m", "m", leg_length_m);
        f("leg_compression_m", "m", leg_compression_m);
        f("leg_force_n", "N", leg_force_n);
        f("vertical_grf_n", "N", vertical_grf_n);
        f("horizontal_grf_n", "N", horizontal_grf_n);
        f("contact_compression_m", "m", contact_compression_m);
        f("knee_flexion_deg", "deg", knee_flexion_deg);
        f("knee_extensor_moment_n_m", "N m", knee_extensor_moment_n_m);
        f("quadriceps_force_n", "N", quadriceps_force_n);
        f("pfj_force_n", "N", pfj_force_n);
        f("pfj_contact_area_mm2", "mm^2", pfj_contact_area_mm2);
        f("pfj_stress_mpa", "MPa", pfj_stress_mpa);
    }
    template <class F>
    void for_each_column(F&& f) const {
        const_cast<TimeSeries*>(this)->for_each_column(
            [&f](const char* name, const char* unit, std::vector<double>& c) { f(name, unit, static_cast<const std::vector<double>&>(c)); });
    }
};

}  // namespace kneeload
