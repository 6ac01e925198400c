#pragma once
/// @file model/stance_dynamics.hpp
/// Stance dynamics of the two-mass spring-mass model: state, controls and right-hand side.
///
/// Masses (Clark, Ryan & Weyand 2017): the lower limb m_l = f M at the foot, moving only
/// vertically (no slip), and the rest M - m_l at the hip. The leg is a spring from the centre
/// of pressure (COP) to the hip that only pushes. The active element: at the lowest point of
/// the upper mass the leg switches from stiffness k to k_u = r k keeping its force continuous
/// (rest length jumps to L + F/k_u); r < 1 returns more energy than was stored,
/// dE = F^2/2 (1/k_u - 1/k). The gait solver sizes r so the step is periodic. Under the foot,
/// the contact stack (contact.hpp) never pulls and its force never jumps during contact.
///
/// State (SI): x_hip, y_hip, vx_hip, vy_hip, y_foot, vy_foot, plus two work integrals:
/// W_contact = integral of F_contact * compression rate (work done on the stack) and
/// W_cop = work done on the leg by the forward translation of the COP.
/// Everything here is inline: it is the integrator's hot path.

#include <algorithm>
#include <array>
#include <cmath>

#include "kneeload/model/stance_model.hpp"

namespace kneeload {

using StanceState = std::array<double, 8>;
namespace stance_index {
enum : int { x_hip = 0, y_hip, vx_hip, vy_hip, y_foot, vy_foot, work_contact, work_cop };
}

/// The gait-level controls of one stance: set by the gait solver or by the user.
struct StanceControl {
    /// Leg angle from the vertical at touchdown [rad]; > 0 places the foot ahead of the hip.
    double touchdown_leg_angle_rad = 0.0;
    /// Velocity of the upper-body (hip) mass at touchdown [m/s].
    double hip_velocity_x_m_per_s = 0.0;
    double hip_velocity_y_m_per_s = 0.0;
    /// Leg spring stiffness during loading [N/m].
    double leg_stiffness_n_per_m = 0.0;
    /// Unloading stiffness / loading stiffness (active element; < 1 adds energy).
    double unloading_stiffness_ratio = 1.0;
};

enum class LegPhase { loading, unloading };

/// Instantaneous forces and geometry of the stance system.
struct StanceForces {
    double cop_x_m = 0.0;
    double cop_ahead_of_ankle_m = 0.0;
    double leg_length_m = 0.0;
    double leg_force_n = 0.0;       ///< along the leg, >= 0
    double ground_force_x_n = 0.0;  ///< horizontal GRF (< 0 braking)
    ContactForce contact;           ///< vertical GRF = contact.force_n
};

/// The right-hand side, for one leg phase. Small, copyable, allocation-free.
struct StanceSystem {
    const StanceModel* model = nullptr;
    double touchdown_leg_length_m = 0.0;  ///< rest length while loading
    double loading_stiffness = 0.0;
    double unloading_stiffness = 0.0;
    double unloading_rest_length_m = 0.0;  ///< set at the switch
    double contact_x_m = 0.0;              ///< touchdown contact point
    double touchdown_hip_x_m = 0.0;
    LegPhase phase = LegPhase::loading;

    /// Fraction of the COP travel done: proportional to the hip's forward progression, complete
    /// when the hip is as far past the contact point as it started behind it. The profile is the
    /// smoothstep 3s^2 - 2s^3 of the hip's progress s, so the COP starts and ends its travel with
    /// zero speed (no kink in the right-hand side).
    double cop_progress(double hip_x) const {
        const double s = hip_progress(hip_x);
        return s * s * (3.0 - 2.0 * s);
    }
    double cop_progress_rate(double hip_x, double hip_vx) const {
        const double sweep = cop_sweep_m();
        if (sweep <= 0.0) return 0.0;
        const double s = hip_progress(hip_x);
        return 6.0 * s * (1.0 - s) * hip_vx / sweep;
    }

    /// Distance from the COP to the hip [m].
    double leg_length_m(const StanceState& s) const {
        using namespace stance_index;
        const double lx = s[x_hip] - (contact_x_m + model->cop_travel_m * cop_progress(s[x_hip]));
        const double ly = s[y_hip] - s[y_foot];
        return std::sqrt(lx * lx + ly * ly);
    }

    StanceForces forces(const StanceState& s) const {
        using namespace stance_index;
        StanceForces f;
        const double progress = cop_progress(s[x_hip]);
        f.cop_x_m = contact_x_m + model->cop_travel_m * progress;
        f.cop_ahead_of_ankle_m = model->contact_ahead_of_ankle_m + model->cop_travel_m * progress;
        const double lx = s[x_hip] - f.cop_x_m, ly = s[y_hip] - s[y_foot];
        f.leg_length_m = std::sqrt(lx * lx + ly * ly);
        const double spring = phase == LegPhase::loading
                                  ? loading_stiffness * (touchdown_leg_length_m - f.leg_length_m)
                                  : unloading_stiffness * (unloading_rest_length_m - f.leg_length_m);
        f.leg_force_n = std::max(0.0, spring);
        f.ground_force_x_n = f.leg_force_n * lx / f.leg_length_m;
        f.contact = model->contact.evaluate(-s[y_foot], -s[vy_foot]);
        return f;
    }

    void operator()(const StanceState& s, StanceState& ds, double /*t*/) const {
        using namespace stance_index;
        const StanceForces f = forces(s);
        const double ux = (s[x_hip] - f.cop_x_m) / f.leg_length_m;
        const double uy = (s[y_hip] - s[y_foot]) / f.leg_length_m;
        const double g = model->gravity;
        ds[x_hip] = s[vx_hip];
        ds[y_hip] = s[vy_hip];
        ds[vx_hip] = f.leg_force_n * ux / model->upper_mass_kg;
        ds[vy_hip] = f.leg_force_n * uy / model->upper_mass_kg - g;
        ds[y_foot] = s[vy_foot];
        ds[vy_foot] = (f.contact.force_n - f.leg_force_n * uy) / model->lower_mass_kg - g;
        ds[work_contact] = f.contact.force_n * (-s[vy_foot]);
        // The COP moving forward at rate x_c' changes the leg length at fixed hip; the spring
        // does work F u_x x_c' on that moving anchor (enters the energy balance).
        const double cop_speed = model->cop_travel_m * cop_progress_rate(s[x_hip], s[vx_hip]);
        ds[work_cop] = f.leg_force_n * ux * cop_speed;
    }

    /// Elastic energy stored in the leg spring [J].
    double leg_energy_j(double leg_length_m) const {
        const double k = phase == LegPhase::loading ? loading_stiffness : unloading_stiffness;
        const double rest = phase == LegPhase::loading ? touchdown_leg_length_m : unloading_rest_length_m;
        const double compression = std::max(0.0, rest - leg_length_m);
        return 0.5 * k * compression * compression;
    }

private:
    /// Below this sweep [m] the COP does not travel (a hip that starts over the contact point).
    static constexpr double smallest_cop_sweep_m = 1e-9;
    double cop_sweep_m() const {
        const double sweep = 2.0 * (contact_x_m - touchdown_hip_x_m);
        return model->cop_travel_m == 0.0 || sweep <= smallest_cop_sweep_m ? 0.0 : sweep;
    }
    double hip_progress(double hip_x) const {
        const double sweep = cop_sweep_m();
        return sweep > 0.0 ? std::clamp((hip_x - touchdown_hip_x_m) / sweep, 0.0, 1.0) : 0.0;
    }
};

/// Whole-body centre of mass (x, y, vx, vy) of a stance state. The lower-limb mass sits at the
/// touchdown contact point (x = 0) with no horizontal velocity (no slip).
inline std::array<double, 4> centre_of_mass(const StanceModel& model, const StanceState& s) {
    using namespace stance_index;
    const double mu = model.upper_mass_kg / model.body_mass_kg, ml = model.lower_mass_kg / model.body_mass_kg;
    return {mu * s[x_hip], mu * s[y_hip] + ml * s[y_foot], mu * s[vx_hip], mu * s[vy_hip] + ml * s[vy_foot]};
}

/// Initial stance state for a control: contact point at x = 0, foot at the ground.
inline StanceState touchdown_state(const StanceModel& model, const StanceControl& control,
                                   double& touchdown_leg_length_m) {
    using namespace stance_index;
    const double phi = control.touchdown_leg_angle_rad;
    touchdown_leg_length_m = model.touchdown_leg_length_m(phi);
    StanceState s{};
    s[x_hip] = -touchdown_leg_length_m * std::sin(phi);
    s[y_hip] = touchdown_leg_length_m * std::cos(phi);
    s[vx_hip] = control.hip_velocity_x_m_per_s;
    s[vy_hip] = control.hip_velocity_y_m_per_s;
    s[y_foot] = 0.0;
    s[vy_foot] = -model.lower_limb_touchdown_speed_m_per_s;
    return s;
}

/// Mechanical energy of the stance system [J]: kinetic + potential + leg and contact elastic.
inline double stance_energy_j(const StanceModel& model, const StanceSystem& system, const StanceState& s) {
    using namespace stance_index;
    const double g = model.gravity;
    const StanceForces f = system.forces(s);
    return 0.5 * model.upper_mass_kg * (s[vx_hip] * s[vx_hip] + s[vy_hip] * s[vy_hip]) +
           0.5 * model.lower_mass_kg * s[vy_foot] * s[vy_foot] + model.upper_mass_kg * g * s[y_hip] +
           model.lower_mass_kg * g * s[y_foot] + system.leg_energy_j(f.leg_length_m) +
           model.contact.elastic_energy_j(-s[y_foot]);
}

}  // namespace kneeload
