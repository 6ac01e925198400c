// Event times against analytic crossing times: the closed-form flight (including flights too
// short for any integrator step) and shoe contact loss / re-contact located on the dense output.
#include <doctest/doctest.h>

#include <cmath>

#include <kneeload/integrate/flight.hpp>
#include <kneeload/integrate/stance.hpp>
#include <kneeload/integrate/stance_integrator.hpp>
#include <kneeload/metrics/step.hpp>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("flight: touchdown at the descending root of the ballistic parabola, apex v^2/2g above take-off") {
    const double g = constants::gravity_m_per_s2;
    for (double vy : {0.3, 0.7, 1.1}) {
        for (double drop : {0.0, 0.01, -0.02}) {  // touchdown below / at / above take-off height
            const FlightState take_off{0.0, 0.80, 3.5, vy};
            const double y_td = 0.80 - drop;
            const FlightOutcome f = ballistic_flight(take_off, y_td, g);
            const bool reachable = 0.80 + vy * vy / (2 * g) >= y_td;
            CHECK(f.reached_touchdown == reachable);  // an apex below the touchdown height never lands
            if (!reachable) continue;
            // Independent check: the parabola passes through the touchdown height at that time,
            // moving down, and the horizontal distance is vx t.
            const double t = f.flight_time_s;
            CHECK(0.80 + vy * t - 0.5 * g * t * t == doctest::Approx(y_td).epsilon(1e-12));
            CHECK(vy - g * t < 0.0);
            CHECK(f.touchdown_state[0] == doctest::Approx(3.5 * t).epsilon(1e-12));
            CHECK(f.touchdown_state[3] == doctest::Approx(vy - g * t).epsilon(1e-12));
            CHECK(f.apex_height_m == doctest::Approx(0.80 + vy * vy / (2 * g)).epsilon(1e-12));
        }
    }
}

TEST_CASE("flight: a 2 ms flight is found (no integrator step can miss it)") {
    // Take off rising at v = g t_f / 2 and land at the same height t_f later: t_f = 2 v / g.
    const double g = constants::gravity_m_per_s2, flight = 0.002, vy = g * flight / 2.0;
    const FlightOutcome f = ballistic_flight({0.0, 0.9, 3.0, vy}, 0.9, g);
    REQUIRE(f.reached_touchdown);
    CHECK(f.flight_time_s == doctest::Approx(flight).epsilon(1e-12));
    // Landing slightly below take-off height while leaving it moving down: no flight upward first.
    const FlightOutcome down = ballistic_flight({0.0, 0.9, 3.0, -0.1}, 0.899, g);
    REQUIRE(down.reached_touchdown);
    CHECK(down.flight_time_s == doctest::Approx((-0.1 + std::sqrt(0.01 + 2 * g * 0.001)) / g).epsilon(1e-12));
    // Below the touchdown height and falling: it never lands.
    CHECK_FALSE(ballistic_flight({0.0, 0.8, 3.0, -0.1}, 0.81, g).reached_touchdown);
}

TEST_CASE("shoe contact loss and re-contact of a bouncing foot at their analytic times (1e-9 s)") {
    // The lower limb (all foot: no soft tissue) lands at v on an undamped linear contact with a
    // leg spring of negligible stiffness: the foot bounces like a mass on a spring under
    // gravity, leaves at t1 = 2 (pi - atan(v w / g)) / w with its landing speed, and lands again
    // 2 v / g later.
    ModelParameters p;
    p.shoe.law = ShoeLaw::kelvin_voigt;
    p.shoe.stiffness_n_per_m = 1.0e5;
    p.shoe.kelvin_voigt_damping_n_s_per_m = 0.0;
    p.runner.foot_share_of_lower_limb = 1.0;
    p.numerics.relative_tolerance = 1e-12;
    p.numerics.absolute_tolerance = 1e-13;
    const StanceModel model(p);
    StanceControl c;
    c.hip_velocity_y_m_per_s = -1e-6;
    c.touchdown_knee_flexion_rad = 0.3;
    c.lower_limb_touchdown_speed_m_per_s = 1.0;
    c.leg_stiffness_n_per_m = 1e-6;
    const StanceOutcome out = integrate_stance(model, c);
    const double g = model.gravity, v = 1.0, w = std::sqrt(1.0e5 / model.lower_mass_kg());
    const double t_loss = 2.0 * (constants::pi - std::atan(v * w / g)) / w;
    const double t_recontact = t_loss + 2.0 * v / g;
    double found_loss = -1, found_recontact = -1;
    for (int i = 0; i < out.event_count; ++i) {
        if (out.events[i].kind == StanceEventKind::shoe_contact_loss && found_loss < 0)
            found_loss = out.events[i].time_s;
        if (out.events[i].kind == StanceEventKind::shoe_recontact && found_recontact < 0)
            found_recontact = out.events[i].time_s;
    }
    REQUIRE(found_loss > 0);
    REQUIRE(found_recontact > 0);
    CHECK(std::abs(found_loss - t_loss) < 1e-9);
    CHECK(std::abs(found_recontact - t_recontact) < 1e-9);
}

TEST_CASE("vertical bounce without gravity: lowest point at a quarter period, take-off at half") {
    StanceModel model(test::conservative_parameters());
    model.gravity = 0.0;
    StanceControl c;
    c.hip_velocity_y_m_per_s = -1.0;
    c.leg_stiffness_n_per_m = 20e3;
    const StanceOutcome out = integrate_stance(model, c);
    const double w = std::sqrt(1.0 / (1.0 / 20e3 + 1.0 / 5.0e6) / model.upper_mass_kg);
    REQUIRE(out.event_count >= 3);
    CHECK(out.events[0].kind == StanceEventKind::touchdown);
    bool switched = false;
    for (int i = 0; i < out.event_count; ++i)
        if (out.events[i].kind == StanceEventKind::leg_unloading_start) {
            switched = true;
            CHECK(out.events[i].time_s == doctest::Approx(constants::pi / (2 * w)).epsilon(2e-4));
        }
    CHECK(switched);
    CHECK(out.events[out.event_count - 1].kind == StanceEventKind::take_off);
    CHECK(out.contact_time_s == doctest::Approx(constants::pi / w).epsilon(2e-4));
}

TEST_CASE("a stance whose steps shrink without end stops as integration_failed instead of hanging") {
    // A trial iterate of the gait solver for a 62 kg, 1.81 m forefoot runner at 4.5 m/s with a
    // strong force-velocity factor (0.4 s/m; the iterate was found at 0.3, where the stance now
    // ends with the hip on the ground since the lifting leg acts only vertically) and the
    // unloading stiffness at its lower bound (0.2 k): the stance drags on past 0.5 s with ever
    // smaller steps. The step limit (stance_integrator.hpp) ends it; the gait solver treats it as
    // a failed stance.
    ModelParameters p;
    p.runner.body_mass_kg = 62.0;
    p.runner.height_m = 1.81;
    p.runner.leg_force_velocity_s_per_m = 0.4;
    p.foot_strike = FootStrike::of(FootStrikePattern::forefoot);
    const StanceModel model(p);
    StanceControl c;
    c.touchdown_leg_angle_rad = 0.30869511734512906;
    c.hip_velocity_x_m_per_s = 4.9432541736848634;
    c.hip_velocity_y_m_per_s = -0.8562808665622379;
    c.leg_stiffness_n_per_m = 27076.463626222223;
    c.unloading_stiffness_ratio = 0.2;
    c.touchdown_knee_flexion_rad = 0.36442474781641604;
    c.lower_limb_touchdown_speed_m_per_s = 2.2040609776388473;
    const StanceOutcome out = integrate_stance(model, c);
    CHECK(out.status == StanceStatus::integration_failed);
}

TEST_CASE(
    "the stance ends cleanly: no horizontal ground force while the leg lifts the lower limb, which it pulls forward "
    "with energy conserved; both force components zero at take-off") {
    // Late in unloading the leg's force turns to a pull that lifts the lower limb off the ground.
    // The unloading foot cannot hold a horizontal pull on the ground (friction needs the vertical
    // force that is vanishing), so from that event on the ground's horizontal force is zero and
    // the pull's horizontal part moves the lower limb forward. Before the lift was modelled, it
    // pulled the upper body back through the foot until take-off: -107 N of horizontal force with
    // no vertical force left, and a lab-convention knee moment rising to 54 N m (PFJ stress to
    // 5.4 MPa) at take-off in a default step.
    for (FootStrikePattern pattern : {FootStrikePattern::rearfoot, FootStrikePattern::forefoot}) {
        ModelParameters p;
        p.foot_strike = FootStrike::of(pattern);
        const SolvedStep s =
            solve_and_simulate(StanceModel(p), test::default_target(), Closure{}, StepOptions{true, 10000.0});
        REQUIRE(s.ok());
        double lift_s = -1.0;
        int lifts = 0;
        for (int i = 0; i < s.step.event_count; ++i)
            if (s.step.events[i].kind == StanceEventKind::lower_limb_lift_start) {
                lift_s = s.step.events[i].time_s;
                ++lifts;
            }
        REQUIRE(lifts == 1);  // the default steps do end with a pull, and it starts once
        const TimeSeries& ts = s.step.time_series;
        const auto &t = ts.column("time_s"), &leg = ts.column("leg_force_n"), &fx = ts.column("horizontal_grf_n");
        const auto &moment = ts.column("knee_extensor_moment_lab_n_m"), &stress = ts.column("pfj_stress_mpa");
        const auto& lower_limb_x = ts.column("lower_limb_x_m");
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] > lift_s) {
                CHECK(fx[i] == 0.0);
                CHECK(leg[i] <= 1e-9);         // it stays a pull
                CHECK(lower_limb_x[i] > 0.0);  // forward
            }
            if (t[i] <= lift_s) CHECK(lower_limb_x[i] == 0.0);                // no slip before the lift
            if (t[i] < lift_s && t[i] > 0.5 * t.back()) CHECK(leg[i] > 0.0);  // it pushes until then
        }
        CHECK(fx.back() == 0.0);
        CHECK(moment.back() == doctest::Approx(0.0).scale(1.0));  // N m: the vertical force is gone too
        CHECK(stress.back() == doctest::Approx(0.0).scale(1.0));  // MPa
        // The energy balance closes with no term for the lift: its pull's work goes into the lower
        // limb's forward motion. (Dropping the horizontal pull instead, as the model did before,
        // left 2.8 J per default step in the upper body that no spring paid for.)
        MESSAGE(to_string(pattern) << ": lower limb travels " << lower_limb_x.back() * 1e3
                                   << " mm after the lift; energy balance error "
                                   << s.step.metrics.energy_balance_error_j << " J");
        CHECK(std::abs(s.step.metrics.energy_balance_error_j) < 1e-3);
    }
}

namespace {
/// Counts the intervals the integrator hands its observer: one per accepted step (an event ends
/// the step's interval early and the integration restarts from it).
struct IntervalCounter {
    int intervals = 0;
    template <class Stepper>
    void on_interval(const Stepper&, const StanceSystem&, double, double) {
        ++intervals;
    }
    template <class State>
    void on_event(const StanceSystem&, const State&, double) {}
};
}  // namespace

TEST_CASE("a stance reports its accepted integration steps: one per interval its observer sees") {
    const StanceModel model{ModelParameters{}};
    const GaitSolution g = solve_gait(model, test::default_target(), Closure{});
    REQUIRE(g.ok());
    IntervalCounter counter;
    const StanceOutcome out = integrate_stance(model, g.control, counter);
    REQUIRE(out.status == StanceStatus::ok);
    CHECK(out.steps == counter.intervals);
    // The solver's stances hold the lower limb more loosely (IntegratorSettings): fewer steps.
    const int solver_steps = integrate_stance(model, g.control).steps;
    MESSAGE("steps per stance: " << out.steps << " with outputs, " << solver_steps << " in the solver's");
    CHECK(solver_steps > 0);
    CHECK(solver_steps < out.steps);
}

namespace {
/// The whole body's and the upper body's horizontal velocities at the lift and at take-off.
struct LiftMomentum {
    const StanceModel* model = nullptr;
    double at_lift = 0.0, at_take_off = 0.0, upper_at_lift = 0.0, upper_at_take_off = 0.0;
    bool lifted = false;
    template <class Stepper>
    void on_interval(const Stepper&, const StanceSystem&, double, double) {}
    void on_event(const StanceSystem& system, const StanceState& x, double) {
        const double vx = centre_of_mass(*model, x)[2], upper = x[stance_index::vx_hip];
        if (system.lifting && !lifted) at_lift = vx, upper_at_lift = upper, lifted = true;
        at_take_off = vx, upper_at_take_off = upper;  // the last event is the take-off
    }
};
}  // namespace

TEST_CASE("no horizontal force reaches the body from the ground after the lift: its momentum is constant") {
    // From the lift to take-off the ground takes no horizontal force, so the pull only moves
    // momentum between the upper body and the lower limb (Newton's third law): the centre of
    // mass's horizontal velocity at take-off equals that at the lift, while the upper body slows.
    for (FootStrikePattern pattern : {FootStrikePattern::rearfoot, FootStrikePattern::forefoot}) {
        ModelParameters p;
        p.foot_strike = FootStrike::of(pattern);
        const StanceModel model(p);
        const GaitSolution g = solve_gait(model, test::default_target(), Closure{});
        REQUIRE(g.ok());
        LiftMomentum momentum{&model};
        const StanceOutcome out = integrate_stance(model, g.control, momentum);
        REQUIRE(out.status == StanceStatus::ok);
        REQUIRE(momentum.lifted);
        CHECK(momentum.at_take_off == doctest::Approx(momentum.at_lift).epsilon(1e-9));
        CHECK(out.take_off_state[stance_index::vx_lower_limb] > 0.0);  // the swing has begun
        CHECK(momentum.upper_at_take_off < momentum.upper_at_lift);    // pulled back by the leg
    }
}
