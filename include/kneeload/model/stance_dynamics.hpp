#pragma once
/// @file model/stance_dynamics.hpp
/// Stance dynamics of the two-mass spring-mass model: state, controls and right-hand side.
///
/// Masses (Clark, Ryan & Weyand 2017): the lower limb m_l = f M and the rest M - m_l at the hip.
/// The lower limb is split (a wobbling mass, Nigg & Liu 1999): the foot m_f lands on the
/// contact stack (contact.hpp, never pulls), and the rest m_t is coupled to the foot by a
/// soft-tissue spring-damper; both move only vertically (no slip) until the lift (below). The leg
/// is a linear spring from the foot's rolling point to the hip acting between the upper body and
/// the foot, its force scaled by the force-velocity factor a: F = k (L_0 - L)(1 - a L'), more
/// force while the leg shortens (constants.hpp). The force acts along the line from the centre
/// of pressure (COP), where the ground force acts, to the virtual pivot V = G - (0, d_V) below the
/// upper body's centre of mass G (d_V = virtual_pivot_below_com_m, constants.hpp): the COP runs
/// ahead of the rolling point while the forefoot takes load after a heel or flat landing
/// (foot_kinematics.hpp), which moves the ground force's line but not the leg's compression.
///   m_u H''   = F u - m_u g,    m_f y_f'' = F_stack - F u_y - T - m_f g,    m_t y_t'' = T - m_t g,
///   T = -k_t (y_t - y_f) - c_t (y_t' - y_f')   (> 0 pushes the foot down)
/// The active element: at the lowest point of the upper mass the leg switches from stiffness k
/// to k_u = r k keeping its force continuous (rest length jumps to L + F/k_u); r < 1 returns more
/// energy than was stored, dE = F^2/2 (1/k_u - 1/k). The gait solver sizes r so the step is
/// periodic. The unloading spring may be nonlinear (constants.hpp, leg_unloading_exponent n):
/// F = F_s (c / c_s)^n in its compression c = L_u - L, with the switch's force F_s and stiffness
/// k_u (c_s = n F_s / k_u, the rest length L_u = L + c_s), storing F_s c_s / (n + 1) at the
/// switch, so dE = F_s c_s / (n + 1) - F_s^2 / (2 k); beyond its rest length (a pull) it is
/// linear with stiffness k_u, as the linear spring. Where the leg's force turns to a pull late in
/// unloading, the leg lifts the lower limb off the ground (the swing begins). The unloading foot
/// can no longer hold a horizontal pull on the ground (model choice: no friction from then on),
/// so the ground's horizontal force stays
/// zero and the pull's horizontal part moves the lower limb (foot and soft tissue together)
/// forward: m_l x_l'' = -F u_x, the upper body taking +F u_x (momentum and energy conserved; the
/// foot's roll, its centre of pressure and rolling point travel with it). Before the lift the
/// lower limb does not move horizontally (no slip). The stance ends when the stack unloads after
/// the lowest point: both ground-force components return to zero continuously.
///
/// The upper mass sits at the upper body's centre of mass G; the hip is G less the trunk's
/// offset (StanceModel::com_ahead_of_hip_m, zero at the self-selected posture): the leg's force
/// runs from the COP towards G (to the pivot below it), the knee's geometry from the hip.
///
/// State (SI): x_hip, y_hip (of G), vx_hip, vy_hip, y_foot, vy_foot, y_tissue, vy_tissue,
/// x_lower_limb, vx_lower_limb (the lift's horizontal travel, zero before it), plus four work
/// integrals: W_contact (work done on the stack), W_cop (work done on the leg by the COP's and
/// the rolling point's forward travel over the foot), W_tissue (dissipated in the soft tissue)
/// and W_leg (dissipated by the leg's force-velocity factor, k (L_0 - L) a L'^2).
/// Everything here is inline: it is the integrator's hot path.

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "kneeload/model/stance_model.hpp"

namespace kneeload {

using StanceState = std::array<double, 14>;
/// The mechanical state alone (the first 10 components, no work integrals): what the gait
/// solver integrates, 4 components and their error control fewer per step.
using DynamicsState = std::array<double, 10>;
namespace stance_index {
enum : int {
    x_hip = 0,
    y_hip,
    vx_hip,
    vy_hip,
    y_foot,
    vy_foot,
    y_tissue,
    vy_tissue,
    x_lower_limb,
    vx_lower_limb,
    work_contact,
    work_cop,
    work_tissue,
    work_leg
};
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
    /// Knee flexion at touchdown [rad] (StanceModel::touchdown_knee_flexion_rad of the speed).
    double touchdown_knee_flexion_rad = 0.0;
    /// Downward speed of the lower limb at touchdown [m/s] (the gait solver sets it from the
    /// swing leg's retraction: lower_limb_touchdown_speed_m_per_s below).
    double lower_limb_touchdown_speed_m_per_s = 0.0;
};

enum class LegPhase { loading, unloading };

/// Instantaneous forces and geometry of the stance system.
struct StanceForces {
    double cop_x_m = 0.0;
    double cop_x_per_progress_m = 0.0;  ///< dCOP/dprogress (foot_kinematics.hpp)
    double cop_speed_m_per_s = 0.0;     ///< dCOP/dt: 0 outside the roll
    double rolling_point_x_m = 0.0;     ///< the leg spring's foot end (foot_kinematics.hpp)
    double rolling_point_speed_m_per_s = 0.0;
    double leg_length_m = 0.0;                                  ///< the leg spring's length, rolling point to hip
    double spring_direction_x = 0.0, spring_direction_y = 0.0;  ///< unit vector, rolling point to hip
    double leg_direction_x = 0.0, leg_direction_y = 0.0;        ///< the force's: unit vector, COP to virtual pivot
    double leg_force_n = 0.0;                                   ///< along the leg, > 0 pushing
    double leg_spring_force_n = 0.0;                            ///< its spring's part, k (L_0 - L)
    double leg_length_rate_m_per_s = 0.0;
    double tissue_force_n = 0.0;    ///< soft-tissue coupling, > 0 pushing the foot down
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
    /// The unloading spring's exponent n (1 after a switch without a push: linear), its force F_s at
    /// the switch and its compression there, c_s [m] (1 / c_s kept, for the hot path): set at the
    /// switch.
    double unloading_exponent = 1.0;
    double unloading_switch_force_n = 0.0;
    double per_unloading_switch_compression = 0.0;
    double touchdown_hip_x_m = 0.0;
    double sweep_m = 1.0;  ///< the hip's sweep over the foot (foot_kinematics.hpp)
    LegPhase phase = LegPhase::loading;
    /// The leg's force has turned to a pull after the lowest point: it lifts the lower limb, the
    /// ground takes no horizontal force and the lower limb moves horizontally.
    bool lifting = false;
    /// Reciprocals of the sweep and the masses, which the right-hand side multiplies by (a
    /// division costs several multiplications in this hot path): set_reciprocals() sets them
    /// once per stance, after the model and the sweep. Until then the masses' are NaN, so a
    /// right-hand side that was never set up fails visibly instead of returning a wrong motion.
    double per_sweep = 1.0;
    double per_upper_mass = std::numeric_limits<double>::quiet_NaN();
    double per_foot_mass = std::numeric_limits<double>::quiet_NaN();
    double per_tissue_mass = std::numeric_limits<double>::quiet_NaN();
    double per_lower_limb_mass = std::numeric_limits<double>::quiet_NaN();

    void set_reciprocals() {
        per_sweep = 1.0 / sweep_m;
        per_upper_mass = 1.0 / model->upper_mass_kg;
        per_foot_mass = 1.0 / model->foot_mass_kg;
        per_tissue_mass = model->tissue_mass_kg > 0.0 ? 1.0 / model->tissue_mass_kg : 0.0;
        per_lower_limb_mass = 1.0 / model->lower_mass_kg();
    }

    /// The hip's travel over the foot / its sweep (0 at touchdown): the foot's roll
    /// (foot_kinematics.hpp), measured from the lower limb, which moves only after the lift.
    template <class State>
    double progress(const State& s) const {
        using namespace stance_index;
        return (s[x_hip] - s[x_lower_limb] - touchdown_hip_x_m) * per_sweep;
    }

    /// The foot's pose (for outputs): its roll at this instant, relative to the lower limb's
    /// horizontal position and the ground height 0.
    template <class State>
    FootPose foot_pose(const State& s) const {
        using namespace stance_index;
        const double p = progress(s);
        // Before heel off the prescribed pose holds: no push-off limit to evaluate.
        if (p <= model->foot.roll().heel_off_progress) return model->foot.at(p);
        const Eigen::Vector2d hip(s[x_hip] - s[x_lower_limb] - model->com_ahead_of_hip_m, s[y_hip] - s[y_foot]);
        return model->foot.at(p, hip, model->longest_push_off_hip_ankle_m(p, hip, sweep_m, touchdown_hip_x_m));
    }

    template <class State>
    StanceForces forces(const State& s) const {
        using namespace stance_index;
        StanceForces f = leg_forces(s);
        f.contact = model->contact.evaluate(-s[y_foot], -s[vy_foot]);
        f.tissue_force_n = -model->tissue_stiffness_n_per_m * (s[y_tissue] - s[y_foot]) -
                           model->tissue_damping_n_s_per_m * (s[vy_tissue] - s[vy_foot]);
        return f;
    }

    /// The leg's part of forces(): its geometry, its force and the horizontal ground force (the
    /// contact stack and the soft tissue left at zero). The lift's event function needs no more.
    template <class State>
    StanceForces leg_forces(const State& s) const {
        using namespace stance_index;
        StanceForces f;
        const GroundPoints ground = model->foot.ground_points(progress(s));
        // The foot's roll moves both points at (dx/dprogress) x the hip's speed over the foot; the
        // lower limb's own horizontal speed (after the lift) carries them too.
        const double x_l = s[x_lower_limb], v_l = s[vx_lower_limb];
        const double over_foot = (s[vx_hip] - v_l) * per_sweep;
        f.cop_x_m = ground.cop_x_m + x_l;
        f.cop_x_per_progress_m = ground.cop_per_progress_m;
        f.rolling_point_x_m = ground.rolling_x_m + x_l;
        f.cop_speed_m_per_s = f.cop_x_per_progress_m * over_foot + v_l;
        f.rolling_point_speed_m_per_s = ground.rolling_per_progress_m * over_foot + v_l;
        // The spring's length and its rate from the rolling point (its roll forward, the foot's
        // motion); the force along the line from the COP, where the ground force acts.
        const double lx = s[x_hip] - f.rolling_point_x_m, ly = s[y_hip] - s[y_foot];
        f.leg_length_m = std::sqrt(lx * lx + ly * ly);
        const double per_length = 1.0 / f.leg_length_m;
        f.spring_direction_x = lx * per_length;
        f.spring_direction_y = ly * per_length;
        const double pivot_below_m = model->parameters.runner.virtual_pivot_below_com_m;
        if (f.cop_x_m == f.rolling_point_x_m && pivot_below_m == 0.0) {
            f.leg_direction_x = f.spring_direction_x;
            f.leg_direction_y = f.spring_direction_y;
        } else {  // from the COP to the virtual pivot below G
            const double cx = s[x_hip] - f.cop_x_m, cy = ly - pivot_below_m;
            const double per_line = 1.0 / std::sqrt(cx * cx + cy * cy);
            f.leg_direction_x = cx * per_line;
            f.leg_direction_y = cy * per_line;
        }
        f.leg_spring_force_n = phase == LegPhase::loading
                                   ? loading_stiffness * (touchdown_leg_length_m - f.leg_length_m)
                                   : unloading_spring_force_n(unloading_rest_length_m - f.leg_length_m);
        f.leg_length_rate_m_per_s = f.spring_direction_x * (s[vx_hip] - f.rolling_point_speed_m_per_s) +
                                    f.spring_direction_y * (s[vy_hip] - s[vy_foot]);
        f.leg_force_n = f.leg_spring_force_n *
                        (1.0 - model->parameters.runner.leg_force_velocity_s_per_m * f.leg_length_rate_m_per_s);
        // Simplification: a foot that bounces off the stack while loading (shoe_contact_loss: the
        // stack unloads before the hip's lowest point) still holds the horizontal push on the
        // ground, as the lower limb keeps its place until the lift.
        f.ground_force_x_n = lifting ? 0.0 : f.leg_force_n * f.leg_direction_x;
        return f;
    }

    /// The unloading spring's force [N] at compression c [m] from its rest length: F_s (c / c_s)^n,
    /// linear (k_u c) for n = 1, beyond the rest length (a pull) or after a switch without a push.
    double unloading_spring_force_n(double compression_m) const {
        if (unloading_exponent == 1.0 || compression_m <= 0.0) return unloading_stiffness * compression_m;
        // exp(n log x): pow's value to a few ulp at half its cost in this hot path.
        return unloading_switch_force_n *
               std::exp(unloading_exponent * std::log(compression_m * per_unloading_switch_compression));
    }

    /// The leg's switch to unloading at a spring force F_s [N] and length L [m]: the unloading
    /// spring continues the force with stiffness k_u (unloading_spring_force_n). Returns the
    /// energy the switch adds [J].
    double switch_to_unloading(double spring_force_n, double leg_length_m) {
        const double n = spring_force_n > 0.0 ? model->parameters.runner.leg_unloading_exponent : 1.0;
        const double compression_m = n * spring_force_n / unloading_stiffness;
        phase = LegPhase::unloading;
        unloading_exponent = n;
        unloading_rest_length_m = leg_length_m + compression_m;
        unloading_switch_force_n = spring_force_n;
        per_unloading_switch_compression = compression_m > 0.0 ? 1.0 / compression_m : 0.0;
        return spring_force_n * compression_m / (n + 1.0) - 0.5 * spring_force_n * spring_force_n / loading_stiffness;
    }

    /// The foot's vertical acceleration [m/s^2] under the stance's forces.
    double foot_acceleration(const StanceForces& f) const {
        return (f.contact.force_n - f.leg_force_n * f.leg_direction_y - f.tissue_force_n) * per_foot_mass -
               model->gravity;
    }

    /// For StanceState (with the work integrals) or DynamicsState (without).
    template <class State>
    void operator()(const State& s, State& ds, double /*t*/) const {
        using namespace stance_index;
        const StanceForces f = forces(s);
        const double g = model->gravity;
        ds[x_hip] = s[vx_hip];
        ds[y_hip] = s[vy_hip];
        // The leg's horizontal push reaches the ground through the foot until the lift; after it,
        // the lower limb takes its reaction instead.
        const double push_x = f.leg_force_n * f.leg_direction_x;
        ds[vx_hip] = push_x * per_upper_mass;
        ds[vy_hip] = f.leg_force_n * f.leg_direction_y * per_upper_mass - g;
        ds[y_foot] = s[vy_foot];
        ds[vy_foot] = foot_acceleration(f);
        // Without soft tissue (the whole lower limb is the foot) its state follows the foot's.
        const bool tissue = per_tissue_mass > 0.0;
        ds[y_tissue] = tissue ? s[vy_tissue] : s[vy_foot];
        ds[vy_tissue] = tissue ? f.tissue_force_n * per_tissue_mass - g : ds[vy_foot];
        ds[x_lower_limb] = s[vx_lower_limb];
        ds[vx_lower_limb] = lifting ? -push_x * per_lower_limb_mass : 0.0;
        if constexpr (std::tuple_size_v < State >> work_contact) work_rates(s, f, ds);
    }

    /// The rates of the four work integrals (energy balance and metrics only).
    void work_rates(const StanceState& s, const StanceForces& f, StanceState& ds) const {
        using namespace stance_index;
        ds[work_contact] = f.contact.force_n * (-s[vy_foot]);
        const double relative_speed = s[vy_tissue] - s[vy_foot];
        ds[work_tissue] = model->tissue_damping_n_s_per_m * relative_speed * relative_speed;
        // The leg's force F along u_c (COP to the pivot) does F u_c . v_rel on the hip relative to the
        // lower limb, while its spring (along u_r from the rolling point, rolling over the foot
        // at x_r') gives up F_s L' = (F + dissipation) L' with L' = u_r . v_rel - u_r,x x_r': the
        // difference, F ((u_c - u_r) . v_rel + u_r,x x_r'), is the work of the COP's and the
        // rolling point's travel over the foot (F u_x x_c' when they coincide). It enters the
        // energy balance.
        const double v_l = s[vx_lower_limb];
        const double vx = s[vx_hip] - v_l, vy = s[vy_hip] - s[vy_foot];
        ds[work_cop] = f.leg_force_n * ((f.leg_direction_x - f.spring_direction_x) * vx +
                                        (f.leg_direction_y - f.spring_direction_y) * vy +
                                        f.spring_direction_x * (f.rolling_point_speed_m_per_s - v_l));
        ds[work_leg] = f.leg_spring_force_n * model->parameters.runner.leg_force_velocity_s_per_m *
                       f.leg_length_rate_m_per_s * f.leg_length_rate_m_per_s;
    }

    /// Elastic energy stored in the leg spring [J]: the integral of its force over its compression.
    double leg_energy_j(double leg_length_m) const {
        const double k = phase == LegPhase::loading ? loading_stiffness : unloading_stiffness;
        const double rest = phase == LegPhase::loading ? touchdown_leg_length_m : unloading_rest_length_m;
        const double compression = rest - leg_length_m;
        if (phase == LegPhase::unloading && unloading_exponent != 1.0 && compression > 0.0)
            return unloading_spring_force_n(compression) * compression / (unloading_exponent + 1.0);
        return 0.5 * k * compression * compression;
    }
};

/// Whole-body centre of mass (x, y, vx, vy) of a stance state. The lower limb (foot and soft
/// tissue) moves horizontally only after the lift (from the touchdown contact point x = 0).
inline std::array<double, 4> centre_of_mass(const StanceModel& model, const StanceState& s) {
    using namespace stance_index;
    const double M = model.body_mass_kg, mu = model.upper_mass_kg / M;
    const double mf = model.foot_mass_kg / M, mt = model.tissue_mass_kg / M, ml = model.lower_mass_kg() / M;
    return {mu * s[x_hip] + ml * s[x_lower_limb], mu * s[y_hip] + mf * s[y_foot] + mt * s[y_tissue],
            mu * s[vx_hip] + ml * s[vx_lower_limb], mu * s[vy_hip] + mf * s[vy_foot] + mt * s[vy_tissue]};
}

/// Downward speed of the lower limb at touchdown [m/s] for a control's leg angle and hip
/// velocity: the hip's, plus the swing leg's retraction c v tan(phi) (the foot moving back
/// relative to the hip at c v on a leg at angle phi ahead of the hip also moves down;
/// constants.hpp).
inline double retraction_touchdown_speed_m_per_s(const StanceModel& model, const StanceControl& control) {
    return -control.hip_velocity_y_m_per_s + model.parameters.foot_strike.swing_leg_retraction_fraction *
                                                 control.hip_velocity_x_m_per_s *
                                                 std::tan(control.touchdown_leg_angle_rad);
}

/// Initial stance state for a control: first contact at x = 0, foot at the ground.
inline StanceState touchdown_state(const StanceModel& model, const StanceControl& control,
                                   double& touchdown_leg_length_m) {
    using namespace stance_index;
    const Eigen::Vector2d hip =
        model.touchdown_hip(control.touchdown_leg_angle_rad, control.touchdown_knee_flexion_rad);
    touchdown_leg_length_m = hip.norm();
    StanceState s{};
    s[x_hip] = hip.x();
    s[y_hip] = hip.y();
    s[vx_hip] = control.hip_velocity_x_m_per_s;
    s[vy_hip] = control.hip_velocity_y_m_per_s;
    s[y_foot] = 0.0;
    s[vy_foot] = -control.lower_limb_touchdown_speed_m_per_s;
    s[y_tissue] = 0.0;
    s[vy_tissue] = s[vy_foot];
    return s;
}

/// Mechanical energy of the stance system [J]: kinetic + potential + leg, contact and soft
/// tissue elastic.
inline double stance_energy_j(const StanceModel& model, const StanceSystem& system, const StanceState& s) {
    using namespace stance_index;
    const double g = model.gravity;
    const StanceForces f = system.forces(s);
    const double stretch = s[y_tissue] - s[y_foot];
    return 0.5 * model.upper_mass_kg * (s[vx_hip] * s[vx_hip] + s[vy_hip] * s[vy_hip]) +
           0.5 * model.foot_mass_kg * s[vy_foot] * s[vy_foot] +
           0.5 * model.tissue_mass_kg * s[vy_tissue] * s[vy_tissue] +
           0.5 * model.lower_mass_kg() * s[vx_lower_limb] * s[vx_lower_limb] +
           g * (model.upper_mass_kg * s[y_hip] + model.foot_mass_kg * s[y_foot] + model.tissue_mass_kg * s[y_tissue]) +
           system.leg_energy_j(f.leg_length_m) + model.contact.elastic_energy_j(-s[y_foot]) +
           0.5 * model.tissue_stiffness_n_per_m * stretch * stretch;
}

}  // namespace kneeload
