// Bindings: one condition (simulate_step, solve_gait) and the name lists.
#include "convert.hpp"

namespace kneeload::python {

namespace {
py::dict gait_dict(const GaitSolution& g) {
    py::dict d;
    d["status"] = to_string(g.status);
    d["reason"] = g.reason;
    d["speed_m_per_s"] = g.gait.speed_m_per_s;
    d["cadence_steps_per_min"] = g.gait.cadence_steps_per_min;
    d["step_length_m"] = g.gait.step_length_m;
    d["contact_time_s"] = g.contact_time_s;
    d["flight_time_s"] = g.flight_time_s;
    d["touchdown_leg_angle_deg"] = g.control.touchdown_leg_angle_rad * 180.0 / constants::pi;
    d["hip_velocity_x_m_per_s"] = g.control.hip_velocity_x_m_per_s;
    d["hip_velocity_y_m_per_s"] = g.control.hip_velocity_y_m_per_s;
    d["leg_stiffness_n_per_m"] = g.control.leg_stiffness_n_per_m;
    d["unloading_stiffness_ratio"] = g.control.unloading_stiffness_ratio;
    d["iterations"] = g.iterations;
    d["stance_evaluations"] = g.stance_evaluations;
    py::dict r;
    r["com_height_m"] = g.residuals.com_height_m;
    r["com_vertical_velocity_m_per_s"] = g.residuals.com_vertical_velocity_m_per_s;
    r["com_horizontal_velocity_m_per_s"] = g.residuals.com_horizontal_velocity_m_per_s;
    r["mean_speed_m_per_s"] = g.residuals.mean_speed_m_per_s;
    r["closure"] = g.residuals.closure;
    r["mean_vertical_force_excess_bw"] = g.residuals.mean_vertical_force_excess_bw;
    r["net_horizontal_impulse_n_s"] = g.residuals.net_horizontal_impulse_n_s;
    d["residuals"] = r;
    return d;
}
}  // namespace

void bind_step(py::module_& m) {
    m.def(
        "simulate_step",
        [](const std::map<std::string, double>& parameters, const std::map<std::string, std::string>& choices,
           bool record_time_series, double sample_rate_hz) {
            const Condition c = make_condition(parameters, choices);
            const StanceModel model(c.model);  // raises ValueError for invalid parameters
            const GaitTarget target = resolved_target(c);
            resolve(target);
            StepOptions options;
            options.record_time_series = record_time_series;
            options.sample_rate_hz = sample_rate_hz;
            validate(options);
            GaitSolution gait;
            StepResult step;
            {
                py::gil_scoped_release release;
                gait = solve_gait(model, target, c.closure);
                if (gait.ok()) step = simulate_step(model, gait.control, gait.gait, options);
            }
            py::dict out;
            const bool ok = gait.ok() && step.ok();
            out["status"] = ok ? "ok" : "no_periodic_gait";
            out["reason"] = gait.ok() ? step.reason : std::string(to_string(gait.status)) + ": " + gait.reason;
            out["gait"] = gait_dict(gait);
            out["metrics"] = ok ? metrics_dict(step.metrics) : py::dict();
            out["time_series"] = ok && record_time_series ? time_series_dict(step.time_series) : py::dict();
            py::list events;
            for (int i = 0; i < step.event_count; ++i)
                events.append(py::make_tuple(to_string(step.events[i].kind), step.events[i].time_s));
            out["events"] = events;
            out["contact_area_curve"] = to_string(c.model.patellofemoral.contact_area_curve);
            return out;
        },
        py::arg("parameters"), py::arg("choices"), py::arg("record_time_series") = true,
        py::arg("sample_rate_hz") = 2000.0,
        "Solve the periodic gait and simulate one step. Parameters by name (units in the names).");

    m.def(
        "solve_gait",
        [](const std::map<std::string, double>& parameters, const std::map<std::string, std::string>& choices) {
            const Condition c = make_condition(parameters, choices);
            const StanceModel model(c.model);
            const GaitTarget target = resolved_target(c);
            resolve(target);
            GaitSolution gait;
            {
                py::gil_scoped_release release;
                gait = solve_gait(model, target, c.closure);
            }
            return gait_dict(gait);
        },
        py::arg("parameters"), py::arg("choices"), "Solve the periodic gait only.");

    m.def(
        "preferred_cadence_steps_per_min",
        [](double speed_m_per_s, const std::map<std::string, double>& parameters) {
            const Condition c = make_condition(parameters, {});
            return preferred_cadence_steps_per_min(speed_m_per_s, c.model.runner);
        },
        py::arg("speed_m_per_s"), py::arg("parameters") = std::map<std::string, double>{},
        "Preferred cadence [steps/min] for a speed [m/s] and runner.");

    m.def("parameter_list", []() {
        py::list l;
        for (const auto& p : parameter_list()) l.append(py::make_tuple(p.name, p.unit, p.description));
        return l;
    });
    m.def("choice_list", []() {
        py::dict d;
        for (const auto& [name, options] : choice_list()) {
            py::list o;
            for (const char* x : options) o.append(x);
            d[name] = o;
        }
        return d;
    });
    m.def("metric_list", []() {
        py::list l;
        io::for_each_metric(StepMetrics{}, [&l](const char* name, const char* unit, double) {
            l.append(py::make_tuple(name, unit));
        });
        return l;
    });
    m.def("time_series_units", []() {
        py::dict d;
        TimeSeries{}.for_each_column([&d](const char* name, const char* unit, const std::vector<double>&) { d[name] = unit; });
        d["is_event"] = "1";
        return d;
    });
}

}  // namespace kneeload::python
