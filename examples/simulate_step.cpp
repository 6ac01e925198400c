/// simulate_step: one periodic running step for a given cadence, step length (or speed)
/// and shoe. Prints the metrics with units and writes the stance time series as CSV.
///
///   simulate_step [--speed M_PER_S] [--cadence STEPS_PER_MIN] [--step-length M]
///                 [--shoe cushioned|barefoot|kelvin-voigt] [--shoe-stiffness N_PER_M]
///                 [--shoe-wear KM] [--foot-strike rearfoot|midfoot|forefoot]
///                 [--mass KG] [--height M] [--csv PATH]
/// Any two of speed, cadence and step length; default: 3.3 m/s at the preferred cadence.

#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>

#include "kneeload/io/csv.hpp"
#include "kneeload/kneeload.hpp"

namespace {

double parse_number(const char* option, const char* text) {
    char* end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0') throw std::invalid_argument(std::string("option ") + option + " needs a number, got '" + text + "'");
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kneeload;
    try {
        ModelParameters parameters;
        GaitTarget target;
        std::string csv_path = "step_time_series.csv";
        double mass = constants::default_body_mass_kg, height = constants::default_height_m;
        std::string shoe = "cushioned";
        double shoe_stiffness = -1.0, shoe_wear = 0.0;
        for (int i = 1; i < argc; ++i) {
            const std::string option = argv[i];
            if (option == "--help" || option == "-h") {
                std::cout << "usage: simulate_step [--speed M_PER_S] [--cadence STEPS_PER_MIN] [--step-length M]\n"
                             "  [--shoe cushioned|barefoot|kelvin-voigt] [--shoe-stiffness N_PER_M] [--shoe-wear KM]\n"
                             "  [--foot-strike rearfoot|midfoot|forefoot] [--mass KG] [--height M] [--csv PATH]\n";
                return 0;
            }
            if (i + 1 >= argc) throw std::invalid_argument("option " + option + " needs a value");
            const char* value = argv[++i];
            if (option == "--speed") target.speed_m_per_s = parse_number("--speed", value);
            else if (option == "--cadence") target.cadence_steps_per_min = parse_number("--cadence", value);
            else if (option == "--step-length") target.step_length_m = parse_number("--step-length", value);
            else if (option == "--shoe") shoe = value;
            else if (option == "--shoe-stiffness") shoe_stiffness = parse_number("--shoe-stiffness", value);
            else if (option == "--shoe-wear") shoe_wear = parse_number("--shoe-wear", value);
            else if (option == "--mass") mass = parse_number("--mass", value);
            else if (option == "--height") height = parse_number("--height", value);
            else if (option == "--csv") csv_path = value;
            else if (option == "--foot-strike") {
                const std::string p = value;
                if (p == "rearfoot") parameters.foot_strike = FootStrike::rearfoot();
                else if (p == "midfoot") parameters.foot_strike = FootStrike::midfoot();
                else if (p == "forefoot") parameters.foot_strike = FootStrike::forefoot();
                else throw std::invalid_argument("--foot-strike must be rearfoot, midfoot or forefoot, got '" + p + "'");
            } else throw std::invalid_argument("unknown option " + option);
        }
        parameters.runner = make_runner(mass, height);
        if (shoe == "cushioned") parameters.shoe = Shoe::cushioned();
        else if (shoe == "barefoot") parameters.shoe = Shoe::barefoot();
        else if (shoe == "kelvin-voigt")
            parameters.shoe = Shoe::kelvin_voigt(constants::cushioned_shoe_stiffness_n_per_m,
                                                 constants::cushioned_shoe_kelvin_voigt_damping_n_s_per_m);
        else throw std::invalid_argument("--shoe must be cushioned, barefoot or kelvin-voigt, got '" + shoe + "'");
        if (shoe_stiffness > 0.0) parameters.shoe.stiffness_n_per_m = shoe_stiffness;
        parameters.shoe.wear_km = shoe_wear;
        const int given = int(target.speed_m_per_s.has_value()) + int(target.cadence_steps_per_min.has_value()) +
                          int(target.step_length_m.has_value());
        if (given == 0) target.speed_m_per_s = 3.3;
        if (given <= 1 && !target.cadence_steps_per_min && target.speed_m_per_s)
            target.cadence_steps_per_min = preferred_cadence_steps_per_min(*target.speed_m_per_s, parameters.runner);

        const StanceModel model(parameters);
        const SolvedStep solved = solve_and_simulate(model, target, Closure::empirical());
        if (!solved.ok()) {
            std::cerr << "no periodic step: " << to_string(solved.gait.status) << ": " << solved.step.reason << '\n';
            return 2;
        }
        std::printf("kneeload %s: one step, %s strike, %s shoe, contact-area curve %s\n", version_string,
                    to_string(parameters.foot_strike.pattern), to_string(parameters.shoe.law),
                    to_string(solved.step.contact_area_curve));
        std::printf("gait solved in %d iterations (%d stance integrations), largest residual %.2e\n",
                    solved.gait.iterations, solved.gait.stance_evaluations, solved.gait.residuals.max_abs());
        io::for_each_metric(solved.step.metrics, [](const char* name, const char* unit, double value) {
            std::printf("  %-40s %14.6g  %s\n", name, value, unit);
        });
        io::write_time_series_csv(csv_path, solved.step.time_series);
        std::printf("time series (%zu samples) written to %s\n", solved.step.time_series.size(), csv_path.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
