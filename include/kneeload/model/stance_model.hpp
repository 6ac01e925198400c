#pragma once
/// @file model/stance_model.hpp
/// The parameters of one simulation (immutable inputs) and the quantities the stance dynamics
/// derives from them once per parameter set. No scratch state (that lives in per-thread
/// workspaces), so one StanceModel can be shared by threads.

#include <algorithm>
#include "kneeload/model/contact.hpp"
#include "kneeload/model/foot_kinematics.hpp"

#include "kneeload/model/knee_geometry.hpp"
#include "kneeload/parameters/condition.hpp"
#include "kneeload/parameters/constants.hpp"

namespace kneeload {

struct StanceModel {
    ModelParameters parameters;
    double body_mass_kg = 0.0, upper_mass_kg = 0.0;
    double foot_mass_kg = 0.0;    ///< lands on the contact stack
    double tissue_mass_kg = 0.0;  ///< the rest of the lower limb, coupled to the foot by soft tissue
    double lower_mass_kg() const { return foot_mass_kg + tissue_mass_kg; }
    double tissue_stiffness_n_per_m = 0.0, tissue_damping_n_s_per_m = 0.0;
    double gravity = constants::gravity_m_per_s2;
    ContactStack contact;
    LegGeometry leg;
    /// The upper body's centre of mass ahead of the hip [m], relative to the self-selected trunk
    /// posture: the leg's force line runs from the COP towards the centre of mass (to the pivot
    /// below it), so a flexed trunk moves it forward of the hip (and of the knee).
    double com_ahead_of_hip_m = 0.0;
    FootKinematics foot;  ///< the foot's roll and the COP, first contact at x = 0
    /// The push-off's limit on the knee's extension at a progress of the roll, as the hip-ankle
    /// distance of the limiting flexion, which falls linearly from the heel-off flexion at heel
    /// off to the take-off flexion at the roll's end: the knee extends no further, the heel rises
    /// instead (foot_kinematics.hpp). Before heel off: the heel-off value.
    /// `hip` relative to the first contact on the ground: the limit starts from the knee's flexion
    /// at heel off if that is lower than the heel-off flexion (never forcing the knee to flex), as
    /// the foot's heel-off pose would give it with the hip at its heel-off position and its
    /// present height (exact at heel off, continuous after it: no memory of the state needed).
    double longest_push_off_hip_ankle_m(double progress, const Eigen::Vector2d& hip, double sweep_m,
                                        double touchdown_hip_x_m) const;
    /// The limit's ends [rad]; a heel-off flexion below the take-off one acts as the take-off one.
    double knee_take_off_flexion_rad = 0.0, knee_heel_off_flexion_rad = 0.0;
    /// The ankle of the foot's heel-off pose [m], first contact at x = 0 (for the limit's start).
    Eigen::Vector2d heel_off_ankle = Eigen::Vector2d::Zero();

    /// Validates the parameters (InvalidParameter names the first invalid one).
    explicit StanceModel(const ModelParameters& parameters);

    /// Position of the upper body's centre of mass G (the state's "hip") at touchdown for a leg
    /// angle phi from the vertical [rad] (first contact C at the origin to G; foot ahead for
    /// phi > 0) and a knee flexion [rad]: the anatomical hip H = G - (com_ahead_of_hip_m, 0) lies
    /// at the hip-ankle distance d of that flexion from the touchdown ankle A. Solves
    /// |G - A'| = d with A' = A + (com_ahead_of_hip_m, 0), G = L (-sin phi, cos phi):
    /// L = b + sqrt(b^2 - |A'|^2 + d^2), b = A' . u.
    Eigen::Vector2d touchdown_hip(double phi_rad, double knee_flexion_rad) const;
    /// Knee flexion at touchdown [rad] for a running speed and a cadence / the runner's preferred
    /// cadence at that speed (foot-strike parameters).
    double touchdown_knee_flexion_rad(double speed_m_per_s, double cadence_ratio) const;
    /// The hip's sweep over the foot [m] for a touchdown hip position (foot_kinematics.hpp).
    double foot_sweep_m(double touchdown_hip_x_m) const {
        // A hip over the first contact with the COP at the ball (no sweep) still needs a scale.
        constexpr double shortest_sweep_m = 1e-3;
        return std::max(
            (2.0 * std::max(-touchdown_hip_x_m, 0.0) + foot.ball_x_m()) * parameters.foot_strike.hip_sweep_factor,
            shortest_sweep_m);
    }
};

}  // namespace kneeload
