// The C++ API below the registry: hand-set stance controls, gait kinematics and enum values are
// checked like user input (InvalidParameter naming the field, its value and the valid range),
// and a solved step outside the physiological bounds is flagged, not reported as ok.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include <kneeload/metrics/plausibility.hpp>
#include <kneeload/metrics/step.hpp>
#include <kneeload/parameters/registry.hpp>
#include <kneeload/sweep/evaluate.hpp>

#include "helpers.hpp"

using namespace kneeload;

namespace {
const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

struct Solved {
    StanceModel model{ModelParameters{}};
    GaitSolution gait = solve_gait(model, resolve(test::default_target(), Runner{}), Closure{});
};

/// The message of the InvalidParameter that f throws (fails the check if it throws nothing).
template <class F>
std::string rejection(F f) {
    try {
        f();
    } catch (const InvalidParameter& e) {
        return e.what();
    }
    FAIL_CHECK("no InvalidParameter");
    return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_CASE("hand-set stance controls: every field non-finite or out of range is rejected by name") {
    const Solved s;
    REQUIRE(s.gait.ok());
    struct Field {
        const char* name;
        double StanceControl::*field;
        double out_of_range;
    };
    const Field fields[] = {
        {"touchdown_leg_angle_rad", &StanceControl::touchdown_leg_angle_rad, 2.0},
        {"hip_velocity_x_m_per_s", &StanceControl::hip_velocity_x_m_per_s, inf},
        {"hip_velocity_y_m_per_s", &StanceControl::hip_velocity_y_m_per_s, -inf},
        {"leg_stiffness_n_per_m", &StanceControl::leg_stiffness_n_per_m, -5.0},
        {"unloading_stiffness_ratio", &StanceControl::unloading_stiffness_ratio, 0.0},
        {"touchdown_knee_flexion_rad", &StanceControl::touchdown_knee_flexion_rad, -0.1},
        {"lower_limb_touchdown_speed_m_per_s", &StanceControl::lower_limb_touchdown_speed_m_per_s, inf},
    };
    for (const Field& f : fields) {
        for (double bad : {not_a_number, f.out_of_range}) {
            CAPTURE(f.name);
            CAPTURE(bad);
            StanceControl control = s.gait.control;
            control.*f.field = bad;
            const std::string message = rejection([&] { simulate_step(s.model, control, s.gait.gait); });
            CHECK(contains(message, "'StanceControl." + std::string(f.name) + "' = " + format_number(bad)));
            CHECK(contains(message, "valid range is"));
        }
    }
}

TEST_CASE("hand-set gait kinematics: a default (all zero), non-finite or inconsistent gait is rejected") {
    const Solved s;
    REQUIRE(s.gait.ok());
    CHECK(contains(rejection([&] { simulate_step(s.model, s.gait.control, GaitKinematics{}); }),
                   "'GaitKinematics.speed_m_per_s' = 0: valid range is [1, 10] m/s"));
    GaitKinematics gait = s.gait.gait;
    gait.cadence_steps_per_min = not_a_number;
    CHECK(contains(rejection([&] { simulate_step(s.model, s.gait.control, gait); }),
                   "'GaitKinematics.cadence_steps_per_min' = nan"));
    gait = s.gait.gait;
    gait.speed_m_per_s *= 1.1;  // no longer cadence / 60 x step length
    CHECK(contains(rejection([&] { simulate_step(s.model, s.gait.control, gait); }),
                   "must equal cadence_steps_per_min / 60 x step_length_m"));
    // The solver's own gait passes: the check does not reject what the library produces.
    CHECK(simulate_step(s.model, s.gait.control, s.gait.gait).ok());
}

TEST_CASE("the COP's early move must reach at least its landing lead, where a heel or flat landing reads both") {
    ModelParameters p;
    p.foot_strike.landing_cop_lead_fraction = 0.7;
    p.foot_strike.cop_early_reach_fraction = 0.6;
    CHECK_NOTHROW(StanceModel{p});  // at the default timing (gamma = 1) the reach cancels out of the path
    p.foot_strike.cop_timing_exponent = 0.8;
    CHECK(contains(rejection([&] { StanceModel model(p); }),
                   "invalid parameter 'cop_early_reach_fraction' = 0.6: must be at least landing_cop_lead_fraction = "
                   "0.7 (else the centre of pressure moves backwards in stance)"));
    p.foot_strike.cop_early_reach_fraction = 0.7;  // equal: the COP pauses, it does not move back
    CHECK_NOTHROW(StanceModel{p});
    // A flat landing with the foot flat in mid-stance reads both; a forefoot striker's heel kept up
    // and a ball landing whose foot then flattens (its first contact is the ball) read neither.
    p.foot_strike.cop_early_reach_fraction = 0.6;
    p.foot_strike.foot_touchdown_angle_deg = 0.0;
    CHECK_THROWS_AS(StanceModel{p}, InvalidParameter);
    p.foot_strike = FootStrike::of(FootStrikePattern::forefoot);
    p.foot_strike.landing_cop_lead_fraction = 0.7;
    p.foot_strike.cop_early_reach_fraction = 0.6;
    p.foot_strike.cop_timing_exponent = 0.8;
    CHECK_NOTHROW(StanceModel{p});
    p.foot_strike.foot_stance_angle_deg = 0.0;
    CHECK_NOTHROW(StanceModel{p});
}

TEST_CASE("an enum value outside its name table is invalid input, not silently the first option") {
    ModelParameters p;
    p.patellofemoral.contact_area_curve = static_cast<ContactAreaCurve>(7);
    CHECK(
        contains(rejection([&] { StanceModel model(p); }),
                 "'contact_area_curve' = '(not one of its options)': valid values are kernozek_cubic, doyle_quartic"));
    p = ModelParameters{};
    p.shoe.law = static_cast<ShoeLaw>(-1);
    CHECK(contains(rejection([&] { StanceModel model(p); }), "'shoe_law'"));
    Condition c;
    c.gait.speed_m_per_s = 3.3;
    c.closure.kind = static_cast<ClosureKind>(42);
    CHECK(contains(rejection([&] { validate(c); }), "'closure'"));
    CHECK(contains(rejection([&] { get_choice(c, "closure"); }), "'closure'"));
}

TEST_CASE("plausibility: the default step is ok; a result beyond 1.5x the largest measured trial is flagged") {
    const Solved s;
    const StepResult step = simulate_step(s.model, s.gait.control, s.gait.gait);
    REQUIRE(step.ok());
    CHECK_FALSE(implausibility(step.metrics).has_value());

    // Synthetic: the default step with a PFJ stress just above 1.5 x 35.9 MPa (the largest of the
    // measured trials, constants.hpp), and with a NaN where a metric must exist.
    StepMetrics m = step.metrics;
    m.peak_pfj_stress_mpa = 1.5 * 35.9 + 0.01;
    const auto why = implausibility(m);
    REQUIRE(why.has_value());
    CHECK(contains(*why, "peak_pfj_stress_mpa = 53.86 MPa is above 53.85 MPa"));
    // A computed value shows 4 significant digits, not the 10 of a user's input.
    m.peak_pfj_stress_mpa = 108.2498841;
    CHECK(contains(*implausibility(m), "peak_pfj_stress_mpa = 108.2 MPa is above 53.85 MPa"));
    // ... unless 4 would print the value and its bound alike.
    m.peak_pfj_stress_mpa = 1.5 * 35.9 + 1e-4;
    CHECK(contains(*implausibility(m), "peak_pfj_stress_mpa = 53.8501 MPa is above 53.85 MPa"));
    m = step.metrics;
    m.contact_time_s = not_a_number;
    REQUIRE(implausibility(m).has_value());
    CHECK(contains(*implausibility(m), "contact_time_s = nan is not finite"));

    // A real extreme: 105 kg, 1.95 m, 6.5 m/s at 0.8 x the preferred cadence solves, but its knee
    // moment (~8 N m/kg, twice any measured runner) is flagged; in a sweep its status says so.
    Condition extreme = make_condition(
        {{"speed_m_per_s", 6.5, ""}, {"cadence_ratio", 0.8, ""}, {"body_mass_kg", 105.0, ""}, {"height_m", 1.95, ""}});
    const SolvedStep solved = simulate_condition(extreme);
    CHECK(solved.gait.ok());
    CHECK(solved.step.status == StepStatus::implausible);
    CHECK(contains(solved.step.reason, "outside what the model is valid for"));
    // Every bound it exceeds is named: the internal moment's first, the lab-convention one after.
    CHECK(solved.step.reason.rfind("peak_knee_extensor_moment_n_m_per_kg = ", 0) == 0);
    CHECK(contains(solved.step.reason, "(also above their bounds: peak_knee_extensor_moment_lab_n_m_per_kg = "));
    CHECK(status_of(solved) == ConditionStatus::implausible);
    StepWorkspace workspace;
    const ConditionResult r = evaluate_condition(extreme, StepOptions{false}, workspace);
    CHECK(r.status == ConditionStatus::implausible);
    CHECK(std::isnan(r.metrics.peak_pfj_stress_mpa));  // a sweep reports no step metrics for it
    // ... but the kinematics its inputs give: 0.8 x the preferred cadence at 6.5 m/s, and the rest.
    CHECK(r.metrics.cadence_steps_per_min == doctest::Approx(solved.gait.gait.cadence_steps_per_min));
    CHECK(r.metrics.cadence_steps_per_min ==
          doctest::Approx(0.8 * preferred_cadence_steps_per_min(6.5, extreme.model.runner)));
    CHECK(r.metrics.steps_per_km == doctest::Approx(1000.0 / (6.5 * 60.0 / r.metrics.cadence_steps_per_min)));
    CHECK(r.metrics.step_period_s == doctest::Approx(60.0 / r.metrics.cadence_steps_per_min));
    // Invalid input reports none of them.
    Condition invalid = make_condition({{"speed_m_per_s", 6.5, ""}, {"cadence_steps_per_min", 30.0, ""}});
    const ConditionResult bad = evaluate_condition(invalid, StepOptions{false}, workspace);
    CHECK(bad.status == ConditionStatus::invalid_input);
    CHECK(std::isnan(bad.metrics.cadence_steps_per_min));
}
