// Every invalid input throws InvalidParameter naming the parameter, its value and the range.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace kneeload;

namespace {
const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

void expect_invalid(const std::function<void()>& action, const std::string& parameter) {
    try {
        action();
        FAIL_CHECK("no exception for " << parameter);
    } catch (const InvalidParameter& e) {
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(e.parameter().find(parameter) != std::string::npos);
        CHECK(message.find(parameter) != std::string::npos);
        CHECK(message.find("valid range") != std::string::npos);
    }
}
}  // namespace

TEST_CASE("InvalidParameter is a std::invalid_argument") {
    CHECK_THROWS_AS(make_runner(-70.0, 1.75), std::invalid_argument);
}

TEST_CASE("every model parameter rejects non-finite, negative and out-of-range values") {
    using Mutator = std::function<void(ModelParameters&, double)>;
    struct Field {
        const char* name;
        Mutator set;
        std::vector<double> bad;
    };
    const std::vector<Field> fields = {
        {"runner.body_mass_kg", [](ModelParameters& p, double v) { p.runner.body_mass_kg = v; }, {not_a_number, inf, -70.0, 0.0, 900.0}},
        {"runner.height_m", [](ModelParameters& p, double v) { p.runner.height_m = v; }, {not_a_number, -1.75, 0.3, 3.0}},
        {"runner.thigh_length_m", [](ModelParameters& p, double v) { p.runner.thigh_length_m = v; }, {not_a_number, -0.4, 0.0, 2.0}},
        {"runner.shank_length_m", [](ModelParameters& p, double v) { p.runner.shank_length_m = v; }, {not_a_number, -0.4, 1.5}},
        {"runner.ankle_height_m", [](ModelParameters& p, double v) { p.runner.ankle_height_m = v; }, {not_a_number, -0.07, 0.5}},
        {"runner.foot_length_m", [](ModelParameters& p, double v) { p.runner.foot_length_m = v; }, {not_a_number, 0.0, 1.0}},
        {"runner.lower_limb_mass_fraction", [](ModelParameters& p, double v) { p.runner.lower_limb_mass_fraction = v; }, {not_a_number, -0.08, 0.0, 0.5}},
        {"runner.soft_tissue_damping_s_per_m", [](ModelParameters& p, double v) { p.runner.soft_tissue_damping_s_per_m = v; }, {not_a_number, -1.0, 50.0}},
        {"runner.heel_pad.stiffness_n_per_m", [](ModelParameters& p, double v) { p.runner.heel_pad.stiffness_n_per_m = v; }, {not_a_number, -5e4, 0.0}},
        {"runner.heel_pad.stiffening_exponent", [](ModelParameters& p, double v) { p.runner.heel_pad.stiffening_exponent = v; }, {not_a_number, 0.5, 9.0}},
        {"shoe.stiffness_n_per_m", [](ModelParameters& p, double v) { p.shoe.stiffness_n_per_m = v; }, {not_a_number, inf, -1e5, 0.0, 1e9}},
        {"shoe.reference_compression_m", [](ModelParameters& p, double v) { p.shoe.reference_compression_m = v; }, {not_a_number, -0.01, 0.0, 0.5}},
        {"shoe.stiffening_exponent", [](ModelParameters& p, double v) { p.shoe.stiffening_exponent = v; }, {not_a_number, 0.0, 0.9, 7.0}},
        {"shoe.hunt_crossley_damping_s_per_m", [](ModelParameters& p, double v) { p.shoe.hunt_crossley_damping_s_per_m = v; }, {not_a_number, -0.1, 10.0}},
        {"shoe.kelvin_voigt_damping_n_s_per_m", [](ModelParameters& p, double v) { p.shoe.kelvin_voigt_damping_n_s_per_m = v; }, {not_a_number, -1.0, 1e5}},
        {"shoe.damping_onset_compression_m", [](ModelParameters& p, double v) { p.shoe.damping_onset_compression_m = v; }, {not_a_number, 0.0, 1.0}},
        {"shoe.wear_km", [](ModelParameters& p, double v) { p.shoe.wear_km = v; }, {not_a_number, inf, -10.0, 1e5}},
        {"surface.stiffness_n_per_m", [](ModelParameters& p, double v) { p.surface.stiffness_n_per_m = v; }, {not_a_number, -inf, -1e5, 0.0, 10.0}},
        {"foot_strike.contact_from_ankle_per_foot_length", [](ModelParameters& p, double v) { p.foot_strike.contact_from_ankle_per_foot_length = v; }, {not_a_number, -1.0, 1.0}},
        {"foot_strike.cop_travel_per_foot_length", [](ModelParameters& p, double v) { p.foot_strike.cop_travel_per_foot_length = v; }, {not_a_number, -0.1, 1.5}},
        {"foot_strike.lower_limb_touchdown_speed_m_per_s", [](ModelParameters& p, double v) { p.foot_strike.lower_limb_touchdown_speed_m_per_s = v; }, {not_a_number, -1.0, 10.0}},
        {"foot_strike.ankle_stiffness_n_m_per_deg", [](ModelParameters& p, double v) { p.foot_strike.ankle_stiffness_n_m_per_deg = v; }, {not_a_number, 0.0, 500.0}},
        {"knee.touchdown_flexion_deg", [](ModelParameters& p, double v) { p.knee.touchdown_flexion_deg = v; }, {not_a_number, -5.0, 60.0}},
        {"knee.knee_share_of_leg_compression", [](ModelParameters& p, double v) { p.knee.knee_share_of_leg_compression = v; }, {not_a_number, -0.1, 1.1}},
        {"numerics.relative_tolerance", [](ModelParameters& p, double v) { p.numerics.relative_tolerance = v; }, {not_a_number, 0.0, -1e-8, 0.1}},
        {"numerics.absolute_tolerance", [](ModelParameters& p, double v) { p.numerics.absolute_tolerance = v; }, {not_a_number, 0.0, 1.0}},
        {"numerics.event_time_tolerance_s", [](ModelParameters& p, double v) { p.numerics.event_time_tolerance_s = v; }, {not_a_number, 0.0, 1e-3}},
        {"numerics.initial_step_s", [](ModelParameters& p, double v) { p.numerics.initial_step_s = v; }, {not_a_number, 0.0, 1.0}},
        {"numerics.max_stance_time_s", [](ModelParameters& p, double v) { p.numerics.max_stance_time_s = v; }, {not_a_number, 0.0, 100.0}},
        {"numerics.max_flight_time_s", [](ModelParameters& p, double v) { p.numerics.max_flight_time_s = v; }, {not_a_number, 0.0, 100.0}},
    };
    for (const Field& field : fields) {
        for (double bad : field.bad) {
            CAPTURE(field.name);
            CAPTURE(bad);
            ModelParameters p;
            field.set(p, bad);
            expect_invalid([&] { validate(p); }, field.name);
            expect_invalid([&] { StanceModel model(p); }, field.name);
        }
    }
    CHECK_NOTHROW(validate(ModelParameters{}));
    ModelParameters rigid;
    rigid.surface = Surface::rigid();  // +inf is the one non-finite value allowed: a rigid surface
    CHECK_NOTHROW(validate(rigid));
}

TEST_CASE("gait targets and closures are validated") {
    const StanceModel model{ModelParameters{}};
    GaitTarget three = test::speed_and_cadence(3.3, 170.0);
    three.step_length_m = 1.2;
    expect_invalid([&] { resolve(three); }, "gait.target");
    GaitTarget one;
    one.speed_m_per_s = 3.3;
    expect_invalid([&] { resolve(one); }, "gait.target");
    expect_invalid([&] { resolve(test::speed_and_cadence(not_a_number, 170.0)); }, "gait.speed_m_per_s");
    expect_invalid([&] { resolve(test::speed_and_cadence(-3.3, 170.0)); }, "gait.speed_m_per_s");
    expect_invalid([&] { resolve(test::speed_and_cadence(3.3, inf)); }, "gait.cadence_steps_per_min");
    expect_invalid([&] { resolve(test::speed_and_cadence(3.3, 20.0)); }, "gait.cadence_steps_per_min");
    // Consistent with range checks on the derived third quantity.
    expect_invalid([&] { resolve(test::speed_and_cadence(9.0, 110.0)); }, "gait.step_length_m");
    expect_invalid([&] { solve_gait(model, test::default_target(), Closure::contact_time_s(-0.2)); }, "closure.contact_time_s");
    expect_invalid([&] { solve_gait(model, test::default_target(), Closure::duty_factor(0.6)); }, "closure.duty_factor");
    expect_invalid([&] { solve_gait(model, test::default_target(), Closure::leg_stiffness_n_per_m(not_a_number)); },
                   "closure.leg_stiffness_n_per_m");
    expect_invalid([&] { solve_gait(model, test::default_target(), Closure::touchdown_angle_deg(95.0)); },
                   "closure.touchdown_angle_deg");
    expect_invalid([&] { solve_gait(model, test::default_target(), Closure::foot_placement_m(-0.1)); },
                   "closure.foot_placement_m");
    expect_invalid([&] { preferred_cadence_steps_per_min(not_a_number, Runner{}); }, "gait.speed_m_per_s");
    expect_invalid([&] { make_runner(70.0, -1.0); }, "runner.height_m");
    StepOptions options;
    options.sample_rate_hz = 0.0;
    const GaitSolution g = solve_gait(model, test::default_target(), Closure::empirical());
    expect_invalid([&] { simulate_step(model, g.control, g.gait, options); }, "options.sample_rate_hz");
}
