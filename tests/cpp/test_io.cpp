// CSV output of the compiled kneeload::io library.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <kneeload/io/csv.hpp>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("time series CSV: one header with units in the names, one row per sample, events flagged") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure::empirical());
    REQUIRE(s.ok());
    std::ostringstream out;
    io::write_time_series_csv(out, s.step.time_series);
    std::istringstream in(out.str());
    std::string header, line;
    std::getline(in, header);
    CHECK(header.rfind("time_s,", 0) == 0);
    CHECK(header.find("pfj_stress_mpa") != std::string::npos);
    std::size_t rows = 0, events = 0;
    while (std::getline(in, line)) {
        ++rows;
        if (line.back() == '1') ++events;
    }
    CHECK(rows == s.step.time_series.size());
    CHECK(events >= 3);  // touchdown, unloading start, take-off
    // Uniform 2 kHz grid plus events: about contact time x rate rows.
    CHECK(rows >= static_cast<std::size_t>(s.step.metrics.contact_time_s * 2000.0));
}

TEST_CASE("time series CSV to a path is written atomically and replaces the file whole") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure::empirical());
    const std::string path = "kneeload_test_series.csv";
    io::write_time_series_csv(path, s.step.time_series);
    std::ifstream file(path);
    CHECK(file.good());
    std::ifstream temporary(path + ".tmp");
    CHECK_FALSE(temporary.good());
    std::remove(path.c_str());
    CHECK_THROWS_AS(io::write_time_series_csv("/nonexistent-directory/x.csv", s.step.time_series), std::runtime_error);
}

TEST_CASE("metrics CSV lists every metric with its unit") {
    std::ostringstream out;
    io::write_metrics_csv(out, StepMetrics{});
    const std::string text = out.str();
    CHECK(text.find("peak_pfj_stress_mpa,MPa,") != std::string::npos);
    CHECK(text.find("pfj_stress_time_integral_per_km_mpa_s,MPa s/km,") != std::string::npos);
    CHECK(text.find("morin_leg_stiffness_n_per_m,N/m,") != std::string::npos);
}
