#pragma once
/// @file integrate/stance.hpp
/// One stance integrated from touchdown to take-off: outcome, events and the entry points.
/// The integration itself (Boost.Odeint) is in integrate/stance_integrator.hpp, compiled once
/// in the library for the observers it ships; include that header only to pass an observer of
/// your own.

#include <array>

#include "kneeload/model/stance_dynamics.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

/// Kinds of event located during stance.
enum class StanceEventKind {
    touchdown,
    shoe_contact_loss,
    shoe_recontact,
    leg_unloading_start,
    lower_limb_lift_start,
    take_off
};

inline constexpr EnumName<StanceEventKind> stance_event_names[] = {
    {StanceEventKind::touchdown, "touchdown", "first contact"},
    {StanceEventKind::shoe_contact_loss, "shoe_contact_loss", "the foot leaves the ground while the leg is loading"},
    {StanceEventKind::shoe_recontact, "shoe_recontact", "the foot lands again"},
    {StanceEventKind::leg_unloading_start, "leg_unloading_start", "lowest point of the hip: the active element starts"},
    {StanceEventKind::lower_limb_lift_start, "lower_limb_lift_start",
     "the leg's force turns to a pull: it lifts the lower limb, the ground takes no more horizontal force"},
    {StanceEventKind::take_off, "take_off", "the ground force returns to zero after the lowest point"},
};
constexpr const auto& enum_names(StanceEventKind) { return stance_event_names; }

struct StanceEvent {
    StanceEventKind kind = StanceEventKind::touchdown;
    double time_s = 0.0;
};

/// Why a stance could not be completed.
enum class StanceStatus { ok, no_take_off, leg_collapsed, hip_moving_up_at_touchdown, integration_failed };

inline constexpr EnumName<StanceStatus> stance_status_names[] = {
    {StanceStatus::ok, "ok", "ok"},
    {StanceStatus::no_take_off, "no_take_off", "the foot did not leave the ground before max_stance_time_s"},
    {StanceStatus::leg_collapsed, "leg_collapsed", "hip reached the ground (leg collapsed)"},
    {StanceStatus::hip_moving_up_at_touchdown, "hip_moving_up_at_touchdown",
     "hip moving up at touchdown: leg never loads"},
    {StanceStatus::integration_failed, "integration_failed",
     "integration failed (a non-finite state, or more than 100000 steps)"},
};
constexpr const auto& enum_names(StanceStatus) { return stance_status_names; }

/// Summary of one integrated stance. Fixed size: no heap allocation.
struct StanceOutcome {
    StanceStatus status = StanceStatus::ok;
    StanceState touchdown_state{};
    StanceState take_off_state{};
    double contact_time_s = 0.0;
    double touchdown_leg_length_m = 0.0;
    /// Active element: F^2/2 (1/k_u - 1/k) for the linear leg (StanceSystem::switch_to_unloading).
    double energy_added_by_leg_j = 0.0;
    double leg_force_at_switch_n = 0.0;
    /// Accepted integration steps (each after any rejected trials): what a stance costs, for
    /// diagnostics and benchmarks.
    int steps = 0;
    static constexpr int max_events = 32;
    std::array<StanceEvent, max_events> events{};
    int event_count = 0;
    StanceSystem final_system;  ///< leg phase and rest lengths at take-off

    void add_event(StanceEventKind kind, double t) {
        if (event_count < max_events) events[event_count++] = {kind, t};
    }
};

/// Observer that ignores everything (dynamics only, used by the gait solver).
struct NullStanceObserver {
    template <class Stepper>
    void on_interval(const Stepper&, const StanceSystem&, double, double) {}
    template <class State>
    void on_event(const StanceSystem&, const State&, double) {}
};

/// Integrates one stance from touchdown (t = 0) to take-off with Dormand-Prince 5(4) dense
/// output, locating every event by TOMS 748 on the interpolant. The observer sees every
/// accepted interval [t0, t1] (with the stepper, for dense output) and every event.
/// Allocates nothing. Defined in integrate/stance_integrator.hpp.
template <class Observer>
StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control, Observer& observer);

/// Dynamics only, as the gait solver integrates it: the mechanical state without the work
/// integrals (the outcome's states hold zeros in their places), the lower limb's velocities held
/// to IntegratorSettings::solver_lower_limb_velocity_tolerance_scale and its positions to
/// solver_lower_limb_position_tolerance_scale.
StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control);

}  // namespace kneeload
