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
    o.hip_x_m = s[x_hip] - model.com_ahead_of_hip_m;
    o.hip_y_m = s[y_hip];
    o.com_x_m = com[0];
    o.com_y_m = com[1];
    o.foot_y_m = s[y_foot];
    o.tissue_y_m = s[y_tissue];
    o.lower_limb_x_m = s[x_lower_limb];
    o.cop_x_m = f.cop_x_m;
    o.leg_length_m = f.leg_length_m;
    o.leg_compression_m = system.touchdown_leg_length_m - f.leg_length_m;
    o.leg_force_n = f.leg_force_n;
    o.vertical_grf_n = f.contact.force_n;
    o.vertical_grf_rate_n_per_s =
        model.contact.force_rate_n_per_s(-s[y_foot], -s[vy_foot], -system.foot_acceleration(f), f.contact);
    o.horizontal_grf_n = f.ground_force_x_n;
    o.contact_compression_m = std::max(0.0, -s[y_foot]);
    const Eigen::Vector2d upper(s[x_hip], s[y_hip]), cop(f.cop_x_m, s[y_foot]);
    const Eigen::Vector2d hip = upper - Eigen::Vector2d(model.com_ahead_of_hip_m, 0.0);
    const Eigen::Vector2d leg_force = f.leg_force_n * Eigen::Vector2d(f.leg_direction_x, f.leg_direction_y);
    const FootPose foot = system.foot_pose(s);
    const KneeState knee =
        knee_state(model.leg, hip, foot.ankle + Eigen::Vector2d(s[x_lower_limb], s[y_foot]), foot.angle_rad, cop,
                   leg_force, Eigen::Vector2d(f.ground_force_x_n, f.contact.force_n));
    o.foot_angle_deg = foot.angle_rad * constants::degrees_per_radian;
    o.knee_x_m = knee.knee.x();
    o.knee_y_m = knee.knee.y();
    o.knee_flexion_deg = knee.flexion_deg;
    o.ankle_dorsiflexion_deg = knee.ankle_dorsiflexion_deg;
    o.knee_extensor_moment_n_m = knee.extensor_moment_n_m;
    o.knee_extensor_moment_lab_n_m = knee.extensor_moment_lab_n_m;
    const Patellofemoral& pf = model.parameters.patellofemoral;
    const double pfj_moment =
        pf.knee_moment == PfjKneeMoment::internal ? knee.extensor_moment_n_m : knee.extensor_moment_lab_n_m;
    const pfj::Load load = pfj::evaluate(knee.flexion_deg, pfj_moment, pf.contact_area_curve);
    o.quadriceps_force_n = load.quadriceps_force_n;
    o.pfj_force_n = load.pfj_force_n;
    o.pfj_contact_area_mm2 = load.contact_area_mm2;
    o.pfj_stress_mpa = load.stress_mpa;
    return o;
}

}  // namespace kneeload
