#pragma once
/// @file integrate/stance_integrator.hpp
/// The event-exact stance integration (Boost.Odeint dense-output Dormand-Prince 5(4)).
/// Odeint has no event detection: after each accepted step the event functions' signs are
/// compared and the earliest crossing is located on the step's interpolant (events.hpp); the
/// stepper restarts at every event so that no interpolant spans a kink in the right-hand side.
/// Events: contact loss and re-contact while loading (the stack's compression crosses zero), the
/// hip's lowest point (its vertical velocity crosses zero: the active element starts), the lift
/// (the leg's force turns to a pull after it: the leg lifts the lower limb, acting vertically),
/// take-off (the stack unloads after the lowest point: the ground force returns to zero
/// continuously).

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>

#include "kneeload/integrate/events.hpp"
#include "kneeload/integrate/stance.hpp"

namespace kneeload {

namespace stance_detail {

namespace odeint = boost::numeric::odeint;

/// Odeint's error norm (max_i |err_i| / (atol_i + rtol (|x_i| + dt |x_i'|))) with an absolute
/// tolerance per component: the absolute tolerance times each component's scale.
template <class State>
class ComponentErrorChecker {
public:
    using value_type = double;
    using algebra_type = odeint::array_algebra;
    using operations_type = odeint::default_operations;

    ComponentErrorChecker() = default;
    ComponentErrorChecker(double absolute, double relative, const State& scale) : relative_(relative) {
        for (std::size_t i = 0; i < absolute_.size(); ++i) absolute_[i] = absolute * scale[i];
    }
    template <class S, class D, class E, class T>
    double error(algebra_type&, const S& x, const D& dxdt, E& err, T dt) const {
        double largest = 0.0;
        for (std::size_t i = 0; i < absolute_.size(); ++i)
            largest =
                std::max(largest, std::abs(err[i]) /
                                      (absolute_[i] + relative_ * (std::abs(x[i]) + std::abs(dt) * std::abs(dxdt[i]))));
        return largest;
    }
    template <class S, class D, class E, class T>
    double error(const S& x, const D& dxdt, E& err, T dt) const {
        algebra_type algebra;
        return error(algebra, x, dxdt, err, dt);
    }

private:
    State absolute_{};
    double relative_ = 0.0;
};

template <class State>
using Controlled = odeint::controlled_runge_kutta<odeint::runge_kutta_dopri5<State>, ComponentErrorChecker<State>>;
template <class State>
using Stepper = odeint::dense_output_runge_kutta<Controlled<State>>;

/// Each component's scale of the absolute tolerance (IntegratorSettings): the lower limb's
/// velocities are held more loosely (constants.hpp), in the gait solver's stances more so, and
/// there its positions too.
template <class State>
State absolute_tolerance_scale(const IntegratorSettings& numerics) {
    State scale;
    scale.fill(1.0);
    // The gait solver integrates the mechanical state alone (DynamicsState): no outputs sampled.
    constexpr bool solver = std::tuple_size_v<State> < std::tuple_size_v<StanceState>;
    using namespace stance_index;
    scale[vy_foot] = scale[vy_tissue] = scale[vx_lower_limb] =
        solver ? numerics.solver_lower_limb_velocity_tolerance_scale : numerics.lower_limb_velocity_tolerance_scale;
    if constexpr (solver)
        scale[y_foot] = scale[y_tissue] = scale[x_lower_limb] = numerics.solver_lower_limb_position_tolerance_scale;
    return scale;
}

/// The event functions of a stance.
template <class State>
double compression(const State& s) {
    return -s[stance_index::y_foot];
}
template <class State>
double hip_vertical_velocity(const State& s) {
    return s[stance_index::vy_hip];
}

/// State: StanceState (with the work integrals, for observers that report energies) or
/// DynamicsState (the mechanical state alone, for the gait solver).
template <class Observer, class State = StanceState>
class StanceIntegrator {
public:
    StanceIntegrator(const StanceModel& model, const StanceControl& control, Observer& observer)
        : model_(model),
          numerics_(model.parameters.numerics),
          observer_(observer),
          stepper_(
              Controlled<State>(ComponentErrorChecker<State>(numerics_.absolute_tolerance, numerics_.relative_tolerance,
                                                             absolute_tolerance_scale<State>(numerics_)))) {
        system_.model = &model;
        const StanceState touchdown = touchdown_state(model, control, system_.touchdown_leg_length_m);
        std::copy_n(touchdown.begin(), x_.size(), x_.begin());
        system_.loading_stiffness = control.leg_stiffness_n_per_m;
        system_.unloading_stiffness = control.leg_stiffness_n_per_m * control.unloading_stiffness_ratio;
        system_.touchdown_hip_x_m = x_[stance_index::x_hip];
        system_.sweep_m = model.foot_sweep_m(system_.touchdown_hip_x_m);
        system_.set_reciprocals();
        out_.touchdown_state = touchdown;
        out_.touchdown_leg_length_m = system_.touchdown_leg_length_m;
    }

    StanceOutcome run() {
        out_.add_event(StanceEventKind::touchdown, 0.0);
        observer_.on_event(system_, x_, 0.0);
        if (x_[stance_index::vy_hip] >= 0.0) return finish(StanceStatus::hip_moving_up_at_touchdown);
        stepper_.initialize(x_, t_, numerics_.initial_step_s);
        refresh_event_functions();
        for (;;) {
            const auto [t0, t1] = stepper_.do_step(system_);
            const State& x1 = stepper_.current_state();
            if (!std::all_of(x1.begin(), x1.end(), [](double v) { return std::isfinite(v); }) ||
                ++out_.steps > max_steps_per_stance)
                return finish(StanceStatus::integration_failed);
            const Event event = earliest_event(t0, t1, x1);
            if (!event.found) {
                observer_.on_interval(stepper_, system_, t0, t1);
                accept_step(t1, x1);
                if (x1[stance_index::y_hip] <= x1[stance_index::y_foot]) return finish(StanceStatus::leg_collapsed);
                if (t_ > numerics_.max_stance_time_s) return finish(StanceStatus::no_take_off);
                continue;
            }
            observer_.on_interval(stepper_, system_, t0, event.time);
            stepper_.calc_state(event.time, x_);
            t_ = event.time;
            if (handle_event(event.kind)) return finish(StanceStatus::ok);
            // Restart from the event state so the interpolant never spans a kink in the RHS.
            stepper_.initialize(x_, t_, std::max(numerics_.initial_step_s, t1 - t0));
        }
    }

private:
    /// A stance takes ~50-300 steps (StanceOutcome::steps: 66 in a default solver stance, 156
    /// with outputs); a stance whose steps shrink without end (a stiff state far from running,
    /// which the gait solver's iterations may try) stops here instead of hanging.
    static constexpr int max_steps_per_stance = 100000;

    struct Event {
        bool found = false;
        double time = 0.0;
        StanceEventKind kind = StanceEventKind::take_off;
        void consider(double t, StanceEventKind k) {
            if (!found || t < time) *this = {true, t, k};
        }
    };

    void refresh_event_functions() {
        g_contact_ = compression(x_);
        g_switch_ = hip_vertical_velocity(x_);
        g_pull_ = watching_for_lift() ? leg_force(x_) : 0.0;
    }

    void accept_step(double t1, const State& x1) {
        g_contact_ = compression(x1);
        g_switch_ = hip_vertical_velocity(x1);
        if (watching_for_lift()) g_pull_ = pull_at_step_end_;  // earliest_event evaluated it at x1
        t_ = t1;
    }

    /// The leg's force [N] (> 0 pushing): where it turns to a pull after the lowest point, the
    /// leg starts to lift the lower limb.
    double leg_force(const State& x) const { return system_.leg_forces(x).leg_force_n; }
    /// Only while unloading and not yet lifting (no leg-force evaluation per step otherwise).
    bool watching_for_lift() const { return system_.phase != LegPhase::loading && !system_.lifting; }

    /// The earliest event in the step [t0, t1], located on the interpolant.
    Event earliest_event(double t0, double t1, const State& x1) {
        Event event;
        const double tolerance = numerics_.event_time_tolerance_s;
        const double c1 = compression(x1), v1 = hip_vertical_velocity(x1);
        const bool loading = system_.phase == LegPhase::loading;
        if (crossed(g_contact_, c1, shoe_in_contact_ ? Crossing::falling : Crossing::rising)) {
            const StanceEventKind kind = !shoe_in_contact_ ? StanceEventKind::shoe_recontact
                                         : loading         ? StanceEventKind::shoe_contact_loss
                                                           : StanceEventKind::take_off;
            event.consider(locate_event(stepper_, scratch_, t0, g_contact_, t1, c1, compression<State>, tolerance),
                           kind);
        }
        if (loading && crossed(g_switch_, v1, Crossing::rising))
            event.consider(
                locate_event(stepper_, scratch_, t0, g_switch_, t1, v1, hip_vertical_velocity<State>, tolerance),
                StanceEventKind::leg_unloading_start);
        if (watching_for_lift()) {
            const double f1 = pull_at_step_end_ = leg_force(x1);
            if (crossed(g_pull_, f1, Crossing::falling))
                event.consider(locate_event(
                                   stepper_, scratch_, t0, g_pull_, t1, f1,
                                   [this](const State& x) { return leg_force(x); }, tolerance),
                               StanceEventKind::lower_limb_lift_start);
        }
        return event;
    }

    /// Applies an event at (t_, x_); true when the stance has ended.
    bool handle_event(StanceEventKind kind) {
        out_.add_event(kind, t_);
        if (kind == StanceEventKind::take_off) {
            observer_.on_event(system_, x_, t_);
            return true;
        }
        if (kind == StanceEventKind::lower_limb_lift_start) {
            system_.lifting = true;
        } else if (kind == StanceEventKind::leg_unloading_start) {
            start_unloading();
            if (leg_force(x_) <= 0.0) {  // a leg already pulling at its lowest point lifts at once
                out_.add_event(StanceEventKind::lower_limb_lift_start, t_);
                system_.lifting = true;
            }
            if (!shoe_in_contact_) {  // the foot is off the ground when the hip starts to rise
                out_.add_event(StanceEventKind::take_off, t_);
                observer_.on_event(system_, x_, t_);
                return true;
            }
        } else {
            shoe_in_contact_ = !shoe_in_contact_;
        }
        observer_.on_event(system_, x_, t_);
        refresh_event_functions();
        return false;
    }

    /// The active element: stiffness k -> k_u with the leg force continuous.
    void start_unloading() {
        const StanceForces f = system_.forces(x_);
        out_.leg_force_at_switch_n = f.leg_force_n;
        // The spring's force is continuous (the force-velocity factor scales both springs alike).
        const double spring = f.leg_spring_force_n;
        out_.energy_added_by_leg_j = system_.switch_to_unloading(spring, f.leg_length_m);
    }

    StanceOutcome finish(StanceStatus status) {
        out_.status = status;
        out_.contact_time_s = t_;
        std::copy_n(x_.begin(), x_.size(), out_.take_off_state.begin());  // the last event's: take-off when ok
        out_.final_system = system_;
        return out_;
    }

    const StanceModel& model_;
    const IntegratorSettings& numerics_;
    Observer& observer_;
    Stepper<State> stepper_;
    StanceSystem system_;
    StanceOutcome out_;
    State x_{}, scratch_{};
    double t_ = 0.0;
    bool shoe_in_contact_ = true;
    double g_contact_ = 0.0, g_switch_ = 0.0, g_pull_ = 0.0, pull_at_step_end_ = 0.0;
};

}  // namespace stance_detail

template <class Observer>
StanceOutcome integrate_stance(const StanceModel& model, const StanceControl& control, Observer& observer) {
    return stance_detail::StanceIntegrator<Observer>(model, control, observer).run();
}

}  // namespace kneeload
