/// simulate_step: one periodic running step, every input a command-line option generated from
/// the parameter registry. Prints the metrics with units and writes the stance time series.
///
///   simulate_step [--PARAMETER VALUE ...] [--CHOICE OPTION ...] [--csv PATH]
///   simulate_step --help        (every parameter with its unit, valid range and meaning)
/// Names as in the registry, with dashes or underscores (--shoe-stiffness-n-per-m 120e3), or
/// their short aliases (--shoe-stiffness 120e3). Default: 3.3 m/s at the preferred cadence.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "kneeload/io/csv.hpp"
#include "kneeload/kneeload.hpp"

namespace {
using namespace kneeload;

std::string underscored(std::string name) {
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

/// The registry name an option stands for (its name, or a parameter's alias).
std::string registry_name(const std::string& option) {
    const std::string name = underscored(option.substr(2));
    for (const auto& p : parameters())
        if (!p.alias.empty() && underscored(std::string(p.alias)) == name) return std::string(p.name);
    return name;
}

double parse_number(const std::string& option, const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0') throw InvalidParameter(option, text, "a number");
    return value;
}

void print_help() {
    std::cout << "usage: simulate_step [--PARAMETER VALUE ...] [--CHOICE OPTION ...] [--csv PATH]\n\nparameters:\n";
    for (const auto& p : parameters())
        std::printf("  --%-40s %s, %s%s\n", std::string(p.name).c_str(), std::string(p.description).c_str(),
                    p.valid.describe(p.unit).c_str(),
                    p.alias.empty() ? "" : (" (--" + std::string(p.alias) + ")").c_str());
    std::cout << "choices:\n";
    for (const auto& c : choices()) {
        std::string options;
        for (std::size_t i = 0; i < c.option_count; ++i) options += (i ? "|" : "") + std::string(c.option_name(i));
        std::printf("  --%-40s %s: %s\n", std::string(c.name).c_str(), std::string(c.description).c_str(),
                    options.c_str());
    }
}
}  // namespace

int main(int argc, char** argv) {
    try {
        std::vector<NamedValue> settings;
        std::string csv_path = "step_time_series.csv";
        for (int i = 1; i < argc; ++i) {
            const std::string option = argv[i];
            if (option == "--help" || option == "-h") return print_help(), 0;
            if (option.rfind("--", 0) != 0) throw InvalidParameter(option, "", "options start with --");
            if (i + 1 >= argc) throw InvalidParameter(option, "", "a value after the option");
            const std::string value = argv[++i];
            if (option == "--csv") {
                csv_path = value;
                continue;
            }
            const std::string name = registry_name(option);
            settings.push_back(find_choice(name) ? NamedValue{name, 0.0, value}
                                                 : NamedValue{name, parse_number(name, value), ""});
        }
        Condition condition = make_condition(settings);
        const GaitTarget& gait = condition.gait;  // no gait quantity given: 3.3 m/s at the preferred cadence
        if (!gait.speed_m_per_s && !gait.cadence_steps_per_min && !gait.step_length_m && !gait.cadence_ratio)
            condition.gait.speed_m_per_s = 3.3;
        const SolvedStep solved = simulate_condition(condition);
        if (!solved.ok()) {
            std::cerr << "no periodic step: " << solved.step.reason << '\n';
            return 2;
        }
        std::printf("kneeload %s: one step, %s strike, %s shoe, contact-area curve %s\n", version_string,
                    std::string(to_string(condition.model.foot_strike.pattern)).c_str(),
                    std::string(to_string(condition.model.shoe.law)).c_str(),
                    std::string(to_string(condition.model.patellofemoral.contact_area_curve)).c_str());
        std::printf("gait solved in %d iterations (%d stance integrations), largest residual %.2e\n",
                    solved.gait.iterations, solved.gait.stance_evaluations, solved.gait.residuals.max_abs());
        for_each_metric(solved.step.metrics, [](const MetricSpec& spec, double value) {
            std::printf("  %-40s %14.6g  %s\n", std::string(spec.name).c_str(), value, std::string(spec.unit).c_str());
        });
        io::write_time_series_csv(csv_path, solved.step.time_series);
        std::printf("time series (%zu samples) written to %s\n", solved.step.time_series.size(), csv_path.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
