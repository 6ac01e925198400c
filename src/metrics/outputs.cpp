/// @file metrics/outputs.cpp
#include "kneeload/metrics/outputs.hpp"

#include <algorithm>

#include "kneeload/model/patellofemoral.hpp"

namespace kneeload {

OutputSample evaluate_outputs(const StanceModel& model, const StanceSystem& system, const StanceState& s,
                              double time_s) {
    using namespace stance_index;
    OutputSample o;
    const StanceForces f = system.forces(s);
    const auto com = centre_of_mass(model, s);
    o.time_s = time_s;
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
    const KneeState knee =
        knee_state(model.leg, Eigen::Vector2d(s[x_hip], s[y_hip]), Eigen::Vector2d(f.cop_x_m, s[y_foot]),
                   f.cop_ahead_of_ankle_m, o.leg_compression_m, Eigen::Vector2d(f.ground_force_x_n, f.contact.force_n));
    o.knee_flexion_deg = knee.flexion_deg;
    o.knee_extensor_moment_n_m = knee.extensor_moment_n_m;
    const pfj::Load load =
        pfj::evaluate(knee.flexion_deg, knee.extensor_moment_n_m, model.parameters.patellofemoral.contact_area_curve);
    o.quadriceps_force_n = load.quadriceps_force_n;
    o.pfj_force_n = load.pfj_force_n;
    o.pfj_contact_area_mm2 = load.contact_area_mm2;
    o.pfj_stress_mpa = load.stress_mpa;
    return o;
}

}  // namespace kneeload
