// The compiled writers: CSV of a step, and the HDF5 sweep file's temporary-file discipline
// (its contents are read back by the Python tests with xarray, h5py and netCDF readers).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <kneeload/io/csv.hpp>
#include <kneeload/io/hdf5.hpp>
#include <kneeload/metrics/step.hpp>

#include "helpers.hpp"

using namespace kneeload;
namespace fs = std::filesystem;

namespace {
SolvedStep default_step() {
    const StanceModel model{ModelParameters{}};
    return solve_and_simulate(model, test::default_target(), Closure{});
}
fs::path scratch_directory() {
    const fs::path dir = fs::temp_directory_path() / ("kneeload_test_io_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    return dir;
}
SweepSpec small_sweep() {
    SweepSpec spec;
    spec.fixed = {{"speed_m_per_s", 3.3, ""}};
    spec.axes = {{"cadence_ratio", {0.95, 1.05}, {}}};
    return spec;
}
}  // namespace

TEST_CASE("time series CSV: a header from the registry, one row per sample, events flagged") {
    const SolvedStep s = default_step();
    REQUIRE(s.ok());
    std::ostringstream out;
    io::write_time_series_csv(out, s.step.time_series);
    std::istringstream in(out.str());
    std::string header, line;
    std::getline(in, header);
    CHECK(header.rfind("time_s,hip_x_m,", 0) == 0);
    CHECK(header.find("pfj_stress_mpa,is_event") != std::string::npos);
    std::size_t rows = 0, events = 0;
    while (std::getline(in, line)) {
        ++rows;
        if (line.back() == '1') ++events;
    }
    CHECK(rows == s.step.time_series.size());
    CHECK(events >= 3);  // touchdown, unloading start, take-off
    CHECK(rows >= static_cast<std::size_t>(s.step.metrics.contact_time_s * 2000.0));  // 2 kHz grid plus events
}

TEST_CASE("CSV to a path replaces the file whole; a missing directory or a directory path is a FileError") {
    const SolvedStep s = default_step();
    const fs::path dir = scratch_directory();
    const std::string path = (dir / "series.csv").string();
    io::write_time_series_csv(path, s.step.time_series);
    CHECK(fs::exists(path));
    std::size_t leftovers = 0;
    for (const auto& entry : fs::directory_iterator(dir)) leftovers += entry.path().extension() == ".tmp";
    CHECK(leftovers == 0);
    CHECK_THROWS_WITH_AS(io::write_time_series_csv("/nonexistent-directory/x.csv", s.step.time_series),
                         doctest::Contains("No such file or directory"), io::FileError);
    CHECK_THROWS_WITH_AS(io::write_time_series_csv(dir.string(), s.step.time_series),
                         doctest::Contains("Is a directory"), io::FileError);
    fs::remove_all(dir);
}

TEST_CASE("CSV numbers read back exactly, in their shortest form, with no negative zero") {
    const SolvedStep s = default_step();
    REQUIRE(s.ok());
    std::ostringstream out;
    io::write_time_series_csv(out, s.step.time_series);
    std::istringstream in(out.str());
    std::string line, cell;
    std::getline(in, line);  // header
    std::size_t row = 0, cells = 0, zeros = 0;
    while (std::getline(in, line)) {
        std::istringstream cells_of(line);
        for (const auto& column : s.step.time_series.columns) {
            std::getline(cells_of, cell, ',');
            const double value = column[row];
            const double read = std::strtod(cell.c_str(), nullptr);
            CHECK((read == value || (std::isnan(read) && std::isnan(value))));  // round trip, bit for bit
            CHECK(cell != "-0");
            zeros += value == 0.0;
            ++cells;
        }
        ++row;
    }
    CHECK(cells > 1000);
    CHECK(zeros > 0);  // e.g. the horizontal ground force, exactly 0 once the leg lifts
    // Shortest form: 0.1, not max_digits10's 0.10000000000000001.
    StepMetrics metrics;
    metrics.contact_time_s = 0.1;
    std::ostringstream text;
    io::write_metrics_csv(text, metrics);
    CHECK(text.str().find("contact_time_s,s,0.1\n") != std::string::npos);
    metrics.contact_time_s = 0.0005;  // positional, as its neighbours in a time column
    std::ostringstream small;
    io::write_metrics_csv(small, metrics);
    CHECK(small.str().find("contact_time_s,s,0.0005\n") != std::string::npos);
}

TEST_CASE("metrics CSV lists every metric with its unit") {
    std::ostringstream out;
    io::write_metrics_csv(out, StepMetrics{});
    const std::string text = out.str();
    CHECK(text.find("peak_pfj_stress_mpa,MPa,") != std::string::npos);
    CHECK(text.find("pfj_stress_time_integral_per_km_mpa_s,MPa s/km,") != std::string::npos);
}

TEST_CASE("HDF5 sweep file: committed whole, no temporary left; an incomplete sweep is not committed") {
    const fs::path dir = scratch_directory();
    const std::string path = (dir / "sweep.h5").string();
    CHECK(io::write_sweep_hdf5(path, small_sweep(), SweepOptions{}) == 2);
    CHECK(fs::exists(path));
    {
        io::SweepFileWriter writer((dir / "partial.h5").string(), small_sweep());
        CHECK_THROWS_WITH_AS(writer.commit(), doctest::Contains("incomplete sweep (condition 0"), io::FileError);
    }
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
    CHECK(files == 1);  // the committed file only: the writer removed its temporary
    CHECK_THROWS_WITH_AS(io::SweepFileWriter(dir.string(), small_sweep()), doctest::Contains("Is a directory"),
                         io::FileError);
    CHECK_THROWS_WITH_AS(io::SweepFileWriter("/nonexistent-directory/x.h5", small_sweep()),
                         doctest::Contains("No such file or directory"), io::FileError);
    fs::remove_all(dir);
}

TEST_CASE("two writers to the same name never touch each other's temporary files") {
    const fs::path dir = scratch_directory();
    const std::string path = (dir / "same.h5").string();
    {
        io::SweepFileWriter first(path, small_sweep());
        io::SweepFileWriter second(path, small_sweep());  // its own temporary
        SweepArrays unused(2, 0);
        struct Both : SweepSink {
            io::SweepFileWriter& a;
            io::SweepFileWriter& b;
            Both(io::SweepFileWriter& x, io::SweepFileWriter& y) : a(x), b(y) {}
            void write(const SweepChunk& chunk) override {
                a.write(chunk);
                b.write(chunk);
            }
        } both(first, second);
        run_sweep(small_sweep(), SweepOptions{}, both);
        second.commit();
        first.commit();
    }
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
    CHECK(files == 1);
    fs::remove_all(dir);
}

TEST_CASE("CSV into a device is written directly: /dev/full fails with ENOSPC and stays a device") {
    // Renaming a temporary file over /dev/full once replaced the device with a regular file.
    struct stat info {};
    if (::stat("/dev/full", &info) != 0 || !S_ISCHR(info.st_mode)) return;  // no full device here
    const SolvedStep s = default_step();
    CHECK_THROWS_WITH_AS(io::write_time_series_csv("/dev/full", s.step.time_series),
                         doctest::Contains("No space left on device"), io::FileError);
    REQUIRE(::stat("/dev/full", &info) == 0);
    CHECK(S_ISCHR(info.st_mode));
    CHECK_THROWS_WITH_AS(io::SweepFileWriter("/dev/full", small_sweep()), doctest::Contains("not a regular file"),
                         io::FileError);  // HDF5 needs a file it can seek in
}

TEST_CASE("a symbolic link as the output keeps pointing to the new file") {
    const SolvedStep s = default_step();
    const fs::path dir = scratch_directory();
    const fs::path target = dir / "data.csv", link = dir / "link.csv";
    std::ofstream(target) << "old\n";
    fs::create_symlink(target, link);
    io::write_time_series_csv(link.string(), s.step.time_series);
    CHECK(fs::is_symlink(link));
    std::ifstream in(target);
    std::string header;
    std::getline(in, header);
    CHECK(header.rfind("time_s,", 0) == 0);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++files;
    CHECK(files == 2);  // the file and the link; no temporary left
    fs::remove_all(dir);
}
