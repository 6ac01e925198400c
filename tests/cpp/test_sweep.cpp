// Sweep specs, the parallel engine and the dataset layout.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include <kneeload/sweep/chains.hpp>
#include <kneeload/sweep/engine.hpp>
#include <kneeload/sweep/evaluate.hpp>
#include <kneeload/sweep/layout.hpp>

using namespace kneeload;

namespace {
SweepSpec grid_spec() {
    SweepSpec spec;
    spec.fixed = {{"speed_m_per_s", 3.3, ""}};
    spec.axes = {{"foot_strike", {}, {"rearfoot", "forefoot"}}, {"cadence_ratio", {0.95, 1.05}, {}}};
    return spec;
}

SweepArrays run(const SweepSpec& spec, unsigned threads, std::size_t chunk, std::size_t curves = 0) {
    SweepOptions options;
    options.threads = threads;
    options.chunk_size = chunk;
    options.stance_curve_points = curves;
    SweepArrays arrays(spec.size(), curves);
    run_sweep(spec, options, arrays);
    return arrays;
}

bool bitwise_equal(const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
}

/// The radical inverse of i in `base` (van der Corput): a low-discrepancy sequence in [0, 1).
double radical_inverse(std::size_t i, std::size_t base) {
    double scale = 1.0, value = 0.0;
    for (; i > 0; i /= base) {
        scale /= static_cast<double>(base);
        value += scale * static_cast<double>(i % base);
    }
    return value;
}

/// An unordered list over speed 2.5-4.5 m/s x cadence ratio 0.9-1.1 x foot strike, spread as a
/// Sobol sample spreads it (the radical inverses in bases 2, 3 and 5): consecutive entries lie
/// far apart, as in a sensitivity analysis.
SweepSpec list_spec(std::size_t n) {
    SweepSpec spec;
    spec.axes = {{"speed_m_per_s", {}, {}}, {"cadence_ratio", {}, {}}, {"foot_strike", {}, {}}};
    for (std::size_t i = 1; i <= n; ++i)
        spec.points.push_back({2.5 + 2.0 * radical_inverse(i, 2), 0.9 + 0.2 * radical_inverse(i, 3),
                               std::floor(3.0 * radical_inverse(i, 5))});
    return spec;
}

/// The stance integrations of a sweep's gait solves (SweepChunk::gait_stance_evaluations).
std::size_t gait_stances(const SweepSpec& spec, const SweepOptions& options, SweepArrays& arrays) {
    std::size_t stances = 0;
    SweepCallback both([&](const SweepChunk& chunk) {
        stances += chunk.gait_stance_evaluations;
        arrays.write(chunk);
    });
    run_sweep(spec, options, both);
    return stances;
}
}  // namespace

TEST_CASE("a grid is row-major with the last axis fastest; choice axes select their options") {
    const SweepSpec spec = grid_spec();
    CHECK(spec.size() == 4);
    CHECK(spec.shape() == std::vector<std::size_t>{2, 2});
    const Condition c = spec.condition(2);  // foot_strike[1], cadence_ratio[0]
    CHECK(c.model.foot_strike.pattern == FootStrikePattern::forefoot);
    CHECK(*c.gait.cadence_ratio == 0.95);
    CHECK(*c.gait.speed_m_per_s == 3.3);
}

TEST_CASE("a list sweep takes choice columns as option indices") {
    SweepSpec spec;
    spec.axes = {{"speed_m_per_s", {}, {}}, {"foot_strike", {}, {}}};
    spec.points = {{3.0, 0.0}, {4.0, 2.0}};
    validate(spec);
    CHECK(spec.condition(1).model.foot_strike.pattern == FootStrikePattern::forefoot);
    CHECK(axis_column_labels(spec, 1) == std::vector<std::string>{"rearfoot", "forefoot"});
    spec.points[1][1] = 3.0;
    CHECK_THROWS_WITH_AS(validate(spec), doctest::Contains("'foot_strike' = 3"), InvalidParameter);
}

TEST_CASE("malformed sweeps are rejected before any work, naming the problem") {
    SweepSpec unknown;
    unknown.axes = {{"not_a_parameter", {1.0}, {}}};
    CHECK_THROWS_WITH_AS(validate(unknown), doctest::Contains("'not_a_parameter'"), InvalidParameter);
    SweepSpec bad_option = grid_spec();
    bad_option.axes[0].options = {"heel"};
    CHECK_THROWS_WITH_AS(validate(bad_option), doctest::Contains("'foot_strike' = 'heel'"), InvalidParameter);
    SweepSpec both = grid_spec();
    both.fixed.push_back({"cadence_ratio", 1.0, ""});
    CHECK_THROWS_WITH_AS(validate(both), doctest::Contains("'cadence_ratio'"), InvalidParameter);
    SweepSpec fixed_out_of_range = grid_spec();
    fixed_out_of_range.fixed.push_back({"body_mass_kg", -70.0, ""});
    CHECK_THROWS_WITH_AS(validate(fixed_out_of_range),
                         doctest::Contains("'body_mass_kg' = -70: valid range is [20, 250] kg"), InvalidParameter);
    SweepSpec huge;
    for (const char* name :
         {"body_mass_kg", "height_m", "shoe_wear_km", "shoe_stiffness_n_per_m", "lower_limb_tissue_damping_ratio"})
        huge.axes.push_back({name, std::vector<double>(65536, 1.0), {}});
    CHECK_THROWS_WITH_AS(validate(huge), doctest::Contains("more conditions than can be counted"), InvalidParameter);
}

TEST_CASE("results do not depend on the thread count or chunk size (bitwise), and match single conditions") {
    // Chunks of 1 and 3 cut the warm-start chains of the last axis: they are replayed, so the
    // results stay bitwise identical.
    const SweepSpec spec = grid_spec();
    const SweepArrays a = run(spec, 1, 2048), b = run(spec, 2, 1), c = run(spec, 2, 3);
    CHECK(bitwise_equal(a.metrics, b.metrics));  // NaN where there is no impact peak: compare bits
    CHECK(bitwise_equal(a.metrics, c.metrics));
    CHECK(a.status == std::vector<int>(4, 0));
    const std::size_t peak = static_cast<std::size_t>(find_metric("peak_pfj_stress_mpa") - metric_registry);
    const SolvedStep single = simulate_condition(spec.condition(3), StepOptions{false, 2000.0});
    // The sweep's condition 3 was warm-started from condition 2 (sweep continuation), the single
    // one solved cold: both are periodic to the solver's 1e-7, so they agree to the integration's
    // accuracy (metrics within 3e-4 of a 1e-12 run, test_convergence.cpp), not bitwise.
    CHECK(a.metrics[peak * 4 + 3] == doctest::Approx(single.step.metrics.peak_pfj_stress_mpa).epsilon(1e-5));
}

TEST_CASE("a failing condition gets a status and reason; the others complete") {
    SweepSpec spec;
    spec.fixed = {{"speed_m_per_s", 3.3, ""}, {"cadence_steps_per_min", 170.0, ""}};
    spec.axes = {{"shoe_stiffness_n_per_m", {120e3, -5.0}, {}}};
    const SweepArrays r = run(spec, 2, 16);
    CHECK(r.status == std::vector<int>{0, 2});
    CHECK(r.reason[1].find("'shoe_stiffness_n_per_m' = -5") != std::string::npos);
    const std::size_t peak = static_cast<std::size_t>(find_metric("peak_vgrf_bw") - metric_registry);
    CHECK_FALSE(std::isnan(r.metrics[peak * 2 + 0]));
    CHECK(std::isnan(r.metrics[peak * 2 + 1]));
}

TEST_CASE("a sub-range runs only its conditions; cancelling throws SweepCancelled") {
    const SweepSpec spec = grid_spec();
    SweepArrays part(spec.size(), 0);
    run_sweep(spec, SweepOptions{}, part, 1, 3);
    CHECK_FALSE(part.complete());
    CHECK(part.first_missing() == 0);  // condition 0 not run
    CHECK(std::isnan(part.metrics[0]));
    CHECK_FALSE(std::isnan(part.metrics[1]));
    CHECK_THROWS_WITH_AS(run_sweep(spec, SweepOptions{}, part, 3, 2), doctest::Contains("'first' = 3"),
                         InvalidParameter);
    CHECK_THROWS_AS(run_sweep(spec, SweepOptions{}, part, 20), InvalidParameter);
    SweepOptions cancel;
    cancel.progress = [](std::size_t, std::size_t) { return false; };
    SweepArrays none(spec.size(), 0);
    CHECK_THROWS_AS(run_sweep(spec, cancel, none), SweepCancelled);
}

TEST_CASE("stance curves per condition: time runs 0 to the contact time over stance_pct") {
    SweepSpec spec;
    spec.fixed = {{"speed_m_per_s", 3.3, ""}};
    spec.axes = {{"cadence_ratio", {1.0, 1.1}, {}}};
    const SweepArrays r = run(spec, 1, 8, 11);
    const std::size_t contact = static_cast<std::size_t>(find_metric("contact_time_s") - metric_registry);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(r.curves[(0 * 2 + i) * 11 + 0] == 0.0);  // column 0 is time_s
        CHECK(r.curves[(0 * 2 + i) * 11 + 10] == doctest::Approx(r.metrics[contact * 2 + i]).epsilon(1e-12));
    }
}

TEST_CASE("the sink gets chunks of at most chunk_size conditions, in order, in one buffer that does not grow") {
    // What bounds a streamed sweep's memory (engine.hpp): one chunk at a time, reused.
    SweepSpec spec;
    spec.fixed = {{"speed_m_per_s", 3.3, ""}};
    spec.axes = {{"cadence_ratio", {0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2}, {}}};
    SweepOptions options;
    options.threads = 2;
    options.chunk_size = 3;
    options.stance_curve_points = 5;
    std::size_t next = 0, largest_capacity = 0;
    SweepCallback check([&](const SweepChunk& chunk) {
        CHECK(chunk.begin == next);
        CHECK(chunk.size() <= options.chunk_size);
        CHECK(chunk.curves.size() == time_series_column_count * chunk.size() * options.stance_curve_points);
        largest_capacity = std::max(largest_capacity, chunk.curves.capacity());
        next = chunk.end;
    });
    run_sweep(spec, options, check);
    CHECK(next == spec.size());
    CHECK(largest_capacity <= time_series_column_count * options.chunk_size * options.stance_curve_points);
}

TEST_CASE("layout: dimensions, variables with units and long names, fixed settings as attributes") {
    const SweepLayout layout = sweep_layout(grid_spec(), 5);
    REQUIRE(layout.dimensions.size() == 3);
    CHECK(layout.dimensions[0].labels == std::vector<std::string>{"rearfoot", "forefoot"});
    CHECK(layout.dimensions[2].name == "stance_pct");
    CHECK(layout.dimensions[2].values == std::vector<double>{0, 25, 50, 75, 100});
    bool has_metric = false, has_curve = false, fixed_speed = false;
    for (const auto& v : layout.variables) {
        CHECK_FALSE(v.attributes.empty());
        if (v.name == "peak_pfj_stress_mpa") {
            has_metric = v.dimensions.size() == 2 && std::get<std::string>(v.attributes[0].value) == "MPa";
        }
        if (v.name == "pfj_stress_mpa") has_curve = v.dimensions.back() == "stance_pct";
        CHECK(v.name != "foot_strike");
    }
    for (const auto& a : layout.attributes) {
        if (a.name == "speed_m_per_s") fixed_speed = std::get<double>(a.value) == 3.3;
        CHECK(a.name != "foot_strike");  // swept, so not a fixed attribute
    }
    CHECK(has_metric);
    CHECK(has_curve);
    CHECK(fixed_speed);
    CHECK(std::get<std::string>(layout.attributes[0].value) == "CF-1.10");
}

TEST_CASE("CF units: body-weight multiples are dimensionless with their normalisation; UDUNITS-2 spellings") {
    // Expected spellings: UDUNITS-2 (the udunits2 program) reads "min-1", "degree" and "km-1" but
    // not "steps/min", "deg" or "1/km"; units it reads stay as the registry writes them.
    const Attributes bw = cf_attributes("BW", "peak force / body weight");
    REQUIRE(bw.size() == 3);
    CHECK(std::get<std::string>(bw[0].value) == "1");
    CHECK(bw[2].name == "normalisation");
    CHECK(std::get<std::string>(bw[2].value).find("body_mass_kg") != std::string::npos);
    CHECK(std::get<std::string>(cf_attributes("BW/s", "")[0].value) == "s-1");
    CHECK(std::get<std::string>(cf_attributes("steps/min", "")[0].value) == "min-1");
    CHECK(std::get<std::string>(cf_attributes("deg", "")[0].value) == "degree");
    CHECK(std::get<std::string>(cf_attributes("1/km", "")[0].value) == "km-1");
    const Attributes stress = cf_attributes("MPa s/km", "load per km");
    REQUIRE(stress.size() == 2);
    CHECK(std::get<std::string>(stress[0].value) == "MPa s/km");
    CHECK(std::get<std::string>(stress[1].value) == "load per km");
}

namespace {
/// Warm- and cold-started sweeps of the same conditions: both periodic to the solver's 1e-7, so
/// the key metrics differ only by the integration's accuracy (within 3e-4 of a 1e-12 run,
/// test_convergence.cpp); 1e-5 relative here.
void check_key_metrics_agree(const SweepArrays& a, const SweepArrays& b, std::size_t n) {
    for (const char* name : {"contact_time_s", "peak_vgrf_bw", "knee_flexion_peak_deg", "peak_pfj_stress_mpa"}) {
        CAPTURE(name);
        const std::size_t m = static_cast<std::size_t>(find_metric(name) - metric_registry);
        for (std::size_t i = 0; i < n; ++i)
            CHECK(a.metrics[m * n + i] == doctest::Approx(b.metrics[m * n + i]).epsilon(1e-5));
    }
}
}  // namespace

TEST_CASE("sweep continuation: warm-started chains agree with cold solves to the integration's accuracy") {
    // 2 speeds x 16 cadence ratios: each row of the last axis is one chain of 16.
    SweepSpec spec;
    std::vector<double> ratios;
    for (int k = 0; k < 16; ++k) ratios.push_back(0.9 + 0.2 * k / 15.0);
    spec.axes = {{"speed_m_per_s", {2.5, 4.5}, {}}, {"cadence_ratio", ratios, {}}};
    SweepOptions warm, cold;
    warm.threads = cold.threads = 2;
    cold.warm_start = false;
    SweepArrays a(spec.size(), 0), b(spec.size(), 0);
    run_sweep(spec, warm, a);
    run_sweep(spec, cold, b);
    CHECK(a.status == std::vector<int>(spec.size(), 0));
    const std::size_t n = spec.size();
    check_key_metrics_agree(a, b, n);
    // Cold sweeps are bitwise the single-condition solves.
    const std::size_t peak = static_cast<std::size_t>(find_metric("peak_pfj_stress_mpa") - metric_registry);
    const SolvedStep single = simulate_condition(spec.condition(20), StepOptions{false, 2000.0});
    CHECK(b.metrics[peak * n + 20] == single.step.metrics.peak_pfj_stress_mpa);
}

TEST_CASE("list chains: fixed blocks, greedy nearest neighbour from the first entry, a differing choice restarts") {
    SweepSpec line;
    line.axes = {{"cadence_ratio", {}, {}}};
    line.points = {{1.0}, {1.10}, {0.95}, {1.06}, {0.9}};
    const SweepChains chains(line, true);
    CHECK(chains.start(4) == 0);
    CHECK(chains.end(0) == 5);
    // From 1.0 the nearest is 0.95, then 0.9, then 1.06 (0.16 away; 1.10 is 0.20), then 1.10.
    std::vector<std::size_t> order;
    for (const ChainStep& step : chains.path(0)) {
        order.push_back(step.condition);
        CHECK(std::isnan(step.position));  // each solve starts from the newest solution
        CHECK_FALSE(step.restart);
    }
    CHECK(order == std::vector<std::size_t>{0, 2, 4, 3, 1});

    SweepSpec strikes;  // speed, foot strike (option index)
    strikes.axes = {{"speed_m_per_s", {}, {}}, {"foot_strike", {}, {}}};
    strikes.points = {{3.0, 0.0}, {3.1, 2.0}, {3.5, 0.0}, {3.2, 2.0}};
    // Every rearfoot entry before the first forefoot one, however near it is; the step to it is
    // solved cold.
    const std::vector<ChainStep> path = SweepChains(strikes, true).path(0);
    REQUIRE(path.size() == 4);
    CHECK(path[1].condition == 2);
    CHECK(path[2].condition == 3);  // nearest to 3.5 m/s of the forefoot entries
    CHECK(path[3].condition == 1);
    CHECK((!path[1].restart && path[2].restart && !path[3].restart));

    const std::size_t length = list_chain_length;
    const SweepSpec list = list_spec(length + 6);
    const SweepChains blocks(list, true), cold(list, false);
    CHECK(blocks.start(length - 1) == 0);
    CHECK(blocks.start(length + 5) == length);
    CHECK(blocks.end(0) == length);
    CHECK(blocks.end(length) == length + 6);
    CHECK(cold.start(length - 1) == length - 1);
    CHECK(cold.end(length - 1) == length);
    std::vector<std::size_t> visited;
    for (const ChainStep& step : blocks.path(length)) visited.push_back(step.condition);
    CHECK(visited.front() == length);
    std::sort(visited.begin(), visited.end());
    for (std::size_t k = 0; k < visited.size(); ++k) CHECK(visited[k] == length + k);  // each entry once

    const std::vector<ChainStep> grid_path = SweepChains(grid_spec(), true).path(2);  // forefoot's row
    REQUIRE(grid_path.size() == 2);
    CHECK((grid_path[0].condition == 2 && grid_path[0].position == 0.95));
    CHECK((grid_path[1].condition == 3 && grid_path[1].position == 1.05));
}

TEST_CASE("list sweeps: results do not depend on threads, chunks or sub-ranges (bitwise)") {
    // A full chain and one of 8 entries. Chunks of 7 and the sub-ranges [0, 13) and [13, end)
    // cut the chains: their other entries are replayed.
    const SweepSpec spec = list_spec(list_chain_length + 8);
    const SweepArrays a = run(spec, 1, 2048), b = run(spec, 2, 7);
    SweepArrays parts(spec.size(), 0);
    run_sweep(spec, SweepOptions{}, parts, 0, 13);
    run_sweep(spec, SweepOptions{}, parts, 13, spec.size());
    CHECK(a.status == std::vector<int>(spec.size(), 0));
    CHECK(bitwise_equal(a.metrics, b.metrics));
    CHECK(bitwise_equal(a.metrics, parts.metrics));
}

TEST_CASE("list-sweep continuation agrees with cold solves to the integration's accuracy, in fewer stances") {
    const SweepSpec spec = list_spec(list_chain_length);  // one chain
    SweepOptions warm, cold;
    warm.threads = cold.threads = 2;
    cold.warm_start = false;
    SweepArrays a(spec.size(), 0), b(spec.size(), 0);
    const std::size_t warm_stances = gait_stances(spec, warm, a), cold_stances = gait_stances(spec, cold, b);
    CHECK(a.status == std::vector<int>(spec.size(), 0));
    CHECK(b.status == a.status);
    const std::size_t n = spec.size();
    check_key_metrics_agree(a, b, n);
    // The point of the chain: it saves stance integrations (measured 505 against 769; this list
    // is as spread as a Sobol sample, so neighbours are farther apart than along a grid's axis).
    CAPTURE(warm_stances);
    CAPTURE(cold_stances);
    CHECK(4 * warm_stances < 3 * cold_stances);
}
