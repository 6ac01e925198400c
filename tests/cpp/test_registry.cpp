// The registry drives validation, set/get by name and the closure and gait-target rules.
// Every check below is generated from the registry's own entries, so a new parameter or
// choice is tested without editing this file.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <kneeload/gait/kinematics.hpp>
#include <kneeload/parameters/registry.hpp>

using namespace kneeload;

namespace {
const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double inf = std::numeric_limits<double>::infinity();

/// Values outside a range: beyond each finite bound by 1 % of the range (at least 1e-6
/// relative), the bounds themselves when open, and the non-finite values it excludes.
std::vector<double> outside(const Range& r) {
    std::vector<double> bad = {not_a_number, -inf};
    const double span = std::isfinite(r.upper) ? r.upper - r.lower : std::abs(r.lower);
    bad.push_back(r.lower - std::max(0.01 * span, 1e-6 * std::abs(r.lower)));
    if (r.lower_open) bad.push_back(r.lower);
    if (std::isfinite(r.upper)) bad.push_back(r.upper + std::max(0.01 * span, 1e-6 * std::abs(r.upper)));
    if (r.upper_open) bad.push_back(r.upper);
    if (!r.upper_may_be_infinite) bad.push_back(inf);
    return bad;
}

/// A value inside the range (its middle, or twice the lower bound for an unbounded range).
double inside(const Range& r) { return std::isfinite(r.upper) ? 0.5 * (r.lower + r.upper) : 2.0 * r.lower; }

/// A condition that is valid apart from the parameter under test.
Condition valid_condition() {
    Condition c;
    c.gait.speed_m_per_s = 3.3;
    return c;
}
}  // namespace

TEST_CASE("every parameter's default lies in its valid range, and the defaults validate") {
    const Condition defaults = valid_condition();
    for (const ParameterSpec& p : parameters()) {
        CAPTURE(p.name);
        const double value = p.get(defaults);
        if (p.is_optional()) continue;
        CHECK(p.valid.contains(value));
        CHECK((value == p.basis->value ||
               value == doctest::Approx(p.basis->value)));  // the source shown is the default's
    }
    CHECK_NOTHROW(validate(defaults));
}

TEST_CASE("every parameter rejects values outside its range, naming itself, the value, the range and unit") {
    int cases = 0;
    for (const ParameterSpec& p : parameters()) {
        for (double bad : outside(p.valid)) {
            ++cases;
            CAPTURE(p.name);
            CAPTURE(bad);
            Condition c = valid_condition();
            try {
                p.set(c, bad);
                validate(c);
                FAIL_CHECK("no exception");
            } catch (const InvalidParameter& e) {
                const std::string message = e.what();
                CAPTURE(message);
                // A NaN closure target is no target: the closure names what it misses.
                if (p.group == ParameterGroup::closure && std::isnan(bad)) {
                    CHECK(e.parameter() == "closure");
                    CHECK(message.find(std::string(p.name)) != std::string::npos);
                    continue;
                }
                CHECK(e.parameter() == p.name);
                CHECK(message.find("'" + std::string(p.name) + "' = " + format_number(bad)) != std::string::npos);
                CHECK(message.find("valid range is " + p.valid.describe(p.unit)) != std::string::npos);
            }
        }
    }
    MESSAGE("C++ bad-input corpus: " << cases << " out-of-range values over " << parameters().size()
                                     << " parameters (plus tests/cpp/test_hand_set_inputs.cpp)");
}

TEST_CASE("set and get by name round-trip every parameter; NaN and unknown names are rejected") {
    for (const ParameterSpec& p : parameters()) {
        CAPTURE(p.name);
        Condition c = valid_condition();
        set_parameter(c, p.name, inside(p.valid));
        CHECK(get_parameter(c, p.name) == inside(p.valid));
        CHECK_THROWS_AS(set_parameter(c, p.name, not_a_number), InvalidParameter);
    }
    Condition c;
    CHECK_THROWS_WITH_AS(set_parameter(c, "body_mass", 70.0), doctest::Contains("unknown name"), InvalidParameter);
    CHECK_THROWS_WITH_AS(set_parameter(c, "foot_strike", 1.0), doctest::Contains("is a choice"), InvalidParameter);
}

TEST_CASE("every choice option round-trips by name; unknown options list the valid ones") {
    for (const ChoiceSpec& choice : choices()) {
        CAPTURE(choice.name);
        REQUIRE(choice.option_count >= 2);
        for (std::size_t i = 0; i < choice.option_count; ++i) {
            Condition c;
            set_choice(c, choice.name, choice.option_name(i));
            CHECK(get_choice(c, choice.name) == choice.option_name(i));
            CHECK(choice.get(c) == i);
            CHECK_FALSE(choice.option_description(i).empty());
        }
        Condition c;
        try {
            set_choice(c, choice.name, "no_such_option");
            FAIL_CHECK("no exception");
        } catch (const InvalidParameter& e) {
            CHECK(e.parameter() == choice.name);
            CHECK(std::string(e.what()).find(std::string(choice.option_name(0))) != std::string::npos);
        }
    }
}

TEST_CASE("a parameter read only under some options names an existing choice; unread_reason names the rest") {
    int restricted = 0;
    for (const ParameterSpec& p : parameters()) {
        if (p.read_only_with.choice.empty()) continue;
        CAPTURE(p.name);
        ++restricted;
        const ChoiceSpec* choice = find_choice(p.read_only_with.choice);
        REQUIRE(choice != nullptr);
        int readers = 0;
        for (std::size_t i = 0; i < choice->option_count; ++i) {
            Condition c;
            set_choice(c, choice->name, choice->option_name(i));
            const std::string reason = unread_reason(p, c);
            bool listed = false;
            for (std::string_view o : p.read_only_with.options) listed = listed || o == choice->option_name(i);
            readers += listed;
            // Read: no reason; unread: the choice, its option, and who reads it.
            CHECK(reason.empty() == listed);
            if (!listed)
                CHECK(reason.find(std::string(choice->name) + " = '" + std::string(choice->option_name(i)) + "'") == 0);
        }
        // Every listed option exists, and some option does not read the parameter.
        std::size_t listed = 0;
        for (std::string_view o : p.read_only_with.options) listed += !o.empty();
        CHECK(readers == static_cast<int>(listed));
        CHECK(listed < choice->option_count);
    }
    CHECK(restricted >= 12);
    Condition barefoot;
    set_choice(barefoot, "shoe_law", "barefoot");
    CHECK(unread_reason(*find_parameter("shoe_stiffening_exponent"), barefoot) ==
          "shoe_law = 'barefoot' does not read it (hunt_crossley_foam does)");
    CHECK(unread_reason(*find_parameter("body_mass_kg"), barefoot).empty());
}

TEST_CASE("choosing a foot-strike pattern sets its defaults; later numbers override them") {
    const Condition c =
        make_condition({{"foot_touchdown_angle_deg", -12.0, ""}, {"foot_strike", not_a_number, "forefoot"}});
    CHECK(c.model.foot_strike.pattern == FootStrikePattern::forefoot);
    CHECK(c.model.foot_strike.foot_touchdown_angle_deg == -12.0);  // choices first, numbers after
    CHECK(c.model.foot_strike.knee_touchdown_flexion_deg == constants::forefoot_knee_touchdown_flexion_deg.value);
    CHECK(c.model.foot_strike.foot_stance_angle_deg == constants::forefoot_foot_stance_angle_deg.value);
}

TEST_CASE("a closure target selects its closure; two targets, or a closure without its target, are errors") {
    const Condition c = make_condition({{"target_contact_time_s", 0.25, ""}});
    CHECK(c.closure.kind == ClosureKind::contact_time);
    CHECK(get_parameter(c, "target_contact_time_s") == 0.25);
    CHECK(std::isnan(get_parameter(c, "target_duty_factor")));
    CHECK_THROWS_WITH_AS(make_condition({{"target_contact_time_s", 0.25, ""}, {"target_duty_factor", 0.3, ""}}),
                         doctest::Contains("'target_duty_factor' = 0.3: contradicts the chosen closure 'contact_time'"),
                         InvalidParameter);
    CHECK_THROWS_WITH_AS(
        make_condition({{"closure", not_a_number, "duty_factor"}, {"target_contact_time_s", 0.25, ""}}),
        doctest::Contains("contradicts"), InvalidParameter);
    CHECK_THROWS_WITH_AS(make_condition({{"closure", not_a_number, "empirical"}, {"target_contact_time_s", 0.25, ""}}),
                         doctest::Contains("'closure' = 'empirical': contradicts target_contact_time_s"),
                         InvalidParameter);
    Condition missing = valid_condition();
    set_choice(missing, "closure", "leg_stiffness");
    CHECK_THROWS_WITH_AS(validate(missing),
                         doctest::Contains("'closure' = 'leg_stiffness': needs target_leg_stiffness_n_per_m"),
                         InvalidParameter);
}

TEST_CASE("gait targets: two of three, speed alone, or speed with cadence_ratio; anything else names the problem") {
    struct Case {
        std::vector<NamedValue> given;
        const char* error;  ///< nullptr: valid
    };
    const Case cases[] = {
        {{{"speed_m_per_s", 3.3, ""}}, nullptr},
        {{{"speed_m_per_s", 3.3, ""}, {"cadence_ratio", 1.1, ""}}, nullptr},
        {{{"speed_m_per_s", 3.3, ""}, {"cadence_steps_per_min", 170, ""}}, nullptr},
        {{{"cadence_steps_per_min", 170, ""}, {"step_length_m", 1.1, ""}}, nullptr},
        {{}, "'speed_m_per_s' = 'not given'"},
        {{{"cadence_steps_per_min", 170, ""}}, "'cadence_steps_per_min' = 170: needs speed_m_per_s"},
        {{{"cadence_ratio", 1.1, ""}}, "'cadence_ratio' = 1.1: needs speed_m_per_s"},
        {{{"speed_m_per_s", 3.3, ""}, {"cadence_steps_per_min", 150, ""}, {"cadence_ratio", 1.2, ""}},
         "'cadence_ratio' = 1.2: contradicts cadence_steps_per_min = 150"},
        {{{"speed_m_per_s", 3.3, ""}, {"cadence_steps_per_min", 170, ""}, {"step_length_m", 1.1, ""}},
         "over-specified"},
    };
    for (const Case& k : cases) {
        const Condition c = make_condition(k.given);
        if (!k.error) {
            CHECK_NOTHROW(validate(c));
            continue;
        }
        CHECK_THROWS_WITH_AS(validate(c), doctest::Contains(k.error), InvalidParameter);
    }
}

TEST_CASE("resolve: speed alone is the preferred cadence; ratios and derived quantities are range-checked") {
    const Runner runner;
    GaitTarget speed_only;
    speed_only.speed_m_per_s = 3.04;
    // Eur J Sport Sci 2019: 165 steps/min at 3.04 m/s for the 1.75 m reference height.
    CHECK(resolve(speed_only, runner).cadence_steps_per_min == doctest::Approx(165.0).epsilon(1e-12));
    GaitTarget ratio = speed_only;
    ratio.cadence_ratio = 1.1;
    CHECK(resolve(ratio, runner).cadence_steps_per_min == doctest::Approx(181.5).epsilon(1e-12));
    GaitTarget derived;
    derived.speed_m_per_s = 9.0;
    derived.cadence_steps_per_min = 110.0;  // step length 4.9 m
    CHECK_THROWS_WITH_AS(resolve(derived, runner),
                         doctest::Contains("'step_length_m' = 4.909090909: derived as 60 x speed_m_per_s / cadence"),
                         InvalidParameter);
}

TEST_CASE("InvalidParameter is a std::invalid_argument and Range::describe shows open bounds and units") {
    CHECK_THROWS_AS(require_in_range("x", -1.0, Range{0.0, 1.0}, "m"), std::invalid_argument);
    CHECK(Range{0.1, 0.5, false, true}.describe("") == "[0.1, 0.5)");
    CHECK(Range{1e4, inf, false, false, true}.describe("N/m") == "[10000, inf] N/m");
    CHECK(Range{1e4, inf, false, false, true}.contains(inf));
    CHECK_FALSE(Range{0.0, 1.0}.contains(not_a_number));
}
