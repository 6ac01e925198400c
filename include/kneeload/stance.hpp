#pragma once
/// @file stance.hpp
/// Stance dynamics of the two-mass spring-mass model and its event-exact integration.
///
/// Masses (Clark, Ryan & Weyand 2017): the lower limb m_l = f M at the foot, moving only
/// vertically (no slip), and the rest M - m_l at the hip. The leg is a spring from the
/// centre of pressure (COP) to the hip that only pushes. The active element: at the
/// lowest point of the upper mass the leg switches from stiffness k to k_u = r k keeping
/// its force continuous (rest length jumps to L + F/k_u); r < 1 returns more energy than
/// was stored, dE = F^2/2 (1/k_u - 1/k). The gait solver sizes r so the step is periodic.
/// Under the foot, the contact stack (contact.hpp) never pulls and its force never jumps
/// during contact. Stance ends when the leg force returns to zero (take-off); the stack
/// force left under the lower-limb mass then (StepMetrics::vgrf_at_take_off_bw, ~0.2 BW
/// by default) is released as the swing leg picks the lower limb up, which is not resolved.
///
/// State (SI): x_hip, y_hip, vx_hip, vy_hip, y_foot, vy_foot, plus two work integrals:
/// W_contact = integral of F_contact * compression rate (work done on the stack) and
/// W_cop = work done on the leg by the forward translation of the COP.

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <boost/numeric/odeint.hpp>
#include <cmath>

#include "kneeload/events.hpp"
#include "kneeload/model.hpp"

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

/// Kinds of event located during stance.
enum class StanceEventKind { touchdown, shoe_contact_loss, shoe_recontact, leg_unloading_start, take_off };

inline const char* to_string(StanceEventKind k) {
    switch (k) {
        case StanceEventKind::touchdown: return "touchdown";
        case StanceEventKind::shoe_contact_loss: return "shoe_contact_loss";
        case StanceEventKind::shoe_recontact: return "shoe_recontact";
        case StanceEventKind::leg_unloading_start: return "leg_unloading_start";
        case StanceEventKind::take_off: return "take_off";
    }
    return "unknown";
}

struct StanceEvent {
    StanceEventKind kind = StanceEventKind::touchdown;
    double time_s = 0.0;
};

/// Instantaneous forces and geometry of the stance system.
struct StanceForces {
    double cop_x_m = 0.0;
    double cop_ahead_of_ankle_m = 0.0;
    double leg_length_m = 0.0;
    double leg_force_n = 0.0;          ///< along the leg, >= 0
    double ground_force_x_n = 0.0;     ///< horizontal GRF (< 0 braking)
    ContactForce contact;              ///< vertical GRF = contact.force_n
};

/// The right-hand side, for one leg phase. Small, copyable, allocation-free.
struct StanceSystem {
    const StanceModel* model = nullptr;
    double touchdown_leg_length_m = 0.0;   ///< rest length while loading
    double loading_stiffness = 0.0;
    double unloading_stiffness = 0.0;
    double unloading_rest_length_m = 0.0;  ///< set at the switch
    double contact_x_m = 0.0;              ///< touchdown contact point
    double touchdown_hip_x_m = 0.0;
    LegPhase phase = LegPhase::loading;

    /// Fraction of the COP travel done: proportional to the hip's forward progression,
    /// complete when the hip is as far past the contact point as it started behind it.
    /// The profile is the smoothstep 3s^2 - 2s^3 of the hip's progress s, so the COP starts
    /// and ends its travel with zero speed (no kink in the right-hand side).
    double cop_progress(double hip_x) const {
        const double sweep = 2.0 * (contact_x_m - touchdown_hip_x_m);
        if (model->cop_travel_m == 0.0 || sweep <= 1e-9) return 0.0;
        const double s = std::clamp((hip_x - touchdown_hip_x_m) / sweep, 0.0, 1.0);
        return s * s * (3.0 - 2.0 * s);
    }
    double cop_progress_rate(double hip_x, double hip_vx) const {
        const double sweep = 2.0 * (contact_x_m - touchdown_hip_x_m);
        if (model->cop_travel_m == 0.0 || sweep <= 1e-9) return 0.0;
        const double s = std::clamp((hip_x - touchdown_hip_x_m) / sweep, 0.0, 1.0);
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
        // The COP moving forward at rate x_c' changes the leg length at fixed hip; the
        // spring does work F u_x x_c' on that moving anchor (enters the energy balance).
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
};

/// Why a stance (or step) could not be completed.
enum class StanceStatus { ok, no_take_off, leg_collapsed, hip_moving_up_at_touchdown, integration_failed };

inline const char* to_string(StanceStatus s) {
    switch (s) {
        case StanceStatus::ok: return "ok";
        case StanceStatus::no_take_off: return "leg did not unload before max_stance_time_s";
        case StanceStatus::leg_collapsed: return "hip reached the ground (leg collapsed)";
        case StanceStatus::hip_moving_up_at_touchdown: return "hip moving up at touchdown: leg never loads";
        case StanceStatus::integration_failed: return "integration failed (non-finite state)";
    }
    return "unknown";
}

/// Summary of one integrated stance. Fixed size: no heap allocation.
struct StanceOutcome {
    StanceStatus status = StanceStatus::ok;
    StanceState touchdown_state{};
    StanceState take_off_state{};
    double contact_time_s = 0.0;
    double touchdown_leg_length_m = 0.0;
    double energy_added_by_leg_j = 0.0;   ///< active element, F^2/2 (1/k_u - 1/k)
    double leg_force_at_switch_n = 0.0;
    static constexpr int max_events = 32;
    std::array<StanceEvent, max_events> events{};
    int event_count = 0;
    StanceSystem final_system;            ///< leg phase and rest lengths at take-off

    void add_event(StanceEventKind kind, double t) {
        if (event_count < max_events) events[event_count++] = {kind, t};
    }
};

/// Whole-body centre of mass (x, y, vx, vy) of a stance state. The lower-limb mass sits at
/// the touchdown contact point (x = 0) with no horizontal velocity (no slip).
inline std::array<double, 4> centre_of_mass(const StanceModel& model, const StanceState& s) {
    using namespace stance_index;
    const double mu = model.upper_mass_kg / model.body_mass_kg, ml = model.lower_mass_kg / model.body_mass_kg;
    return {mu * s[x_hip], mu * s[y_hip] + ml * s[y_foot], mu * s[vx_hip], mu * s[vy_hip] + ml * s[vy_foot]};
}

/// Observer that ignores everything (dynamics only, used by the gait solver).
struct NullStanceObserver {
    template <class Stepper>
    void on_interval(const Stepper&, const StanceSystem&, double, double) {}
    void on_event(const StanceSystem&, const StanceState&, double) {}
};

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

/// Integrates one stance from touchdown (t = 0) to take-off with Dormand-Prince 5(4)
/// dense output, locating every event by TOMS 748 on the interpolant.
/// The observer sees every accepted interval [t0, t1] (with the stepper, for dense output)
/// and every event. Allocates nothing.
template <class Observer>
StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control,
                               Observer& observer) {
    namespace odeint = boost::numeric::odeint;
    using namespace stance_index;
    const IntegratorSettings& numerics = model.parameters.numerics;
    StanceOutcome out;

    StanceSystem system;
    system.model = &model;
    StanceState x = touchdown_state(model, control, system.touchdown_leg_length_m);
    out.touchdown_state = x;
    out.touchdown_leg_length_m = system.touchdown_leg_length_m;
    system.loading_stiffness = control.leg_stiffness_n_per_m;
    system.unloading_stiffness = control.leg_stiffness_n_per_m * control.unloading_stiffness_ratio;
    system.contact_x_m = 0.0;
    system.touchdown_hip_x_m = x[x_hip];
    system.phase = LegPhase::loading;
    out.add_event(StanceEventKind::touchdown, 0.0);
    observer.on_event(system, x, 0.0);

    if (x[vy_hip] >= 0.0) {
        out.status = StanceStatus::hip_moving_up_at_touchdown;
        out.final_system = system;
        return out;
    }

    auto stepper = odeint::make_dense_output(numerics.absolute_tolerance, numerics.relative_tolerance,
                                             odeint::runge_kutta_dopri5<StanceState>());
    double t = 0.0;
    stepper.initialize(x, t, numerics.initial_step_s);
    bool shoe_in_contact = true;
    StanceState scratch;

    auto compression = [](const StanceState& s) { return -s[y_foot]; };
    auto hip_vertical_velocity = [](const StanceState& s) { return s[vy_hip]; };
    auto take_off_margin = [&system](const StanceState& s) {
        return system.unloading_rest_length_m - system.leg_length_m(s);
    };

    double g_contact = compression(x), g_switch = hip_vertical_velocity(x), g_take_off = 1.0;
    while (true) {
        const auto interval = stepper.do_step(system);
        const double t0 = interval.first, t1 = interval.second;
        const StanceState& x1 = stepper.current_state();
        if (!std::isfinite(x1[y_hip]) || !std::isfinite(x1[vy_foot])) {
            out.status = StanceStatus::integration_failed;
            break;
        }
        // Candidate events in this step; the earliest one is handled, then we restart.
        const double c1 = compression(x1), v1 = hip_vertical_velocity(x1);
        const double m1 = system.phase == LegPhase::unloading ? take_off_margin(x1) : 1.0;
        double t_event = t1 + 1.0;
        StanceEventKind kind = StanceEventKind::take_off;
        const Crossing contact_direction = shoe_in_contact ? Crossing::falling : Crossing::rising;
        if (crossed(g_contact, c1, contact_direction)) {
            t_event = locate_event(stepper, scratch, t0, g_contact, t1, c1, compression,
                                   numerics.event_time_tolerance_s);
            kind = shoe_in_contact ? StanceEventKind::shoe_contact_loss : StanceEventKind::shoe_recontact;
        }
        if (system.phase == LegPhase::loading && crossed(g_switch, v1, Crossing::rising)) {
            const double te = locate_event(stepper, scratch, t0, g_switch, t1, v1, hip_vertical_velocity,
                                           numerics.event_time_tolerance_s);
            if (te < t_event) { t_event = te; kind = StanceEventKind::leg_unloading_start; }
        }
        if (system.phase == LegPhase::unloading && crossed(g_take_off, m1, Crossing::falling)) {
            const double te = locate_event(stepper, scratch, t0, g_take_off, t1, m1, take_off_margin,
                                           numerics.event_time_tolerance_s);
            if (te < t_event) { t_event = te; kind = StanceEventKind::take_off; }
        }

        if (t_event > t1) {  // no event: accept the step
            observer.on_interval(stepper, system, t0, t1);
            g_contact = c1; g_switch = v1; g_take_off = m1;
            t = t1;
            if (x1[y_hip] <= x1[y_foot]) { out.status = StanceStatus::leg_collapsed; break; }
            if (t > numerics.max_stance_time_s) { out.status = StanceStatus::no_take_off; break; }
            continue;
        }

        observer.on_interval(stepper, system, t0, t_event);
        stepper.calc_state(t_event, x);
        t = t_event;
        out.add_event(kind, t);
        if (kind == StanceEventKind::take_off) {
            observer.on_event(system, x, t);
            break;
        }
        if (kind == StanceEventKind::leg_unloading_start) {
            const StanceForces f = system.forces(x);
            out.leg_force_at_switch_n = f.leg_force_n;
            out.energy_added_by_leg_j = 0.5 * f.leg_force_n * f.leg_force_n *
                                        (1.0 / system.unloading_stiffness - 1.0 / system.loading_stiffness);
            system.phase = LegPhase::unloading;
            system.unloading_rest_length_m = f.leg_length_m + f.leg_force_n / system.unloading_stiffness;
            g_take_off = take_off_margin(x);
            if (g_take_off <= 0.0) {  // leg was not loaded when the hip started to rise
                out.add_event(StanceEventKind::take_off, t);
                observer.on_event(system, x, t);
                break;
            }
        } else {
            shoe_in_contact = !shoe_in_contact;
        }
        observer.on_event(system, x, t);
        g_contact = compression(x);
        g_switch = hip_vertical_velocity(x);
        if (system.phase == LegPhase::unloading) g_take_off = take_off_margin(x);
        // Restart from the event state so the interpolant never spans a kink in the RHS.
        stepper.initialize(x, t, std::max(numerics.initial_step_s, t1 - t0));
    }
    out.contact_time_s = t;
    out.take_off_state = x;
    out.final_system = system;
    return out;
}

/// Dynamics only.
inline StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control) {
    NullStanceObserver observer;
    return integrate_stance(model, control, observer);
}

}  // namespace kneeload
