// Bindings: one condition (simulate, solve the gait, preferred cadence) and its typed results.
// Every metric and time-series column becomes an attribute, generated from the registries.
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "bindings.hpp"
#include "kneeload/io/csv.hpp"
#include "kneeload/sweep/evaluate.hpp"
#include "value_semantics.hpp"

namespace kneeload::python {

namespace {

/// A mapping's key: the name, or nothing for a key that is not a string (never a name).
std::optional<std::string> name_of(const py::handle& key) {
    if (!py::isinstance<py::str>(key)) return std::nullopt;
    return key.cast<std::string>();
}

py::tuple metrics_state(const StepMetrics& m) {
    py::tuple state(metric_count);
    std::size_t i = 0;
    for_each_metric(m, [&](const MetricSpec&, double value) { state[i++] = value; });
    return state;
}

StepMetrics metrics_from_state(const py::tuple& state) {
    checked_state(state, metric_count, "StepMetrics");
    StepMetrics m;
    for (std::size_t i = 0; i < metric_count; ++i) m.*(metric_registry[i].field) = state[i].cast<double>();
    return m;
}

py::dict metrics_dict(const StepMetrics& m) {
    py::dict d;
    for_each_metric(m, [&d](const MetricSpec& spec, double value) { d[py::str(spec.name.data())] = value; });
    return d;
}

double metric_by_name(const StepMetrics& m, const py::object& key) {
    const auto name = name_of(key);
    const MetricSpec* spec = name ? find_metric(*name) : nullptr;
    if (!spec) throw py::key_error("no metric " + py::repr(key).cast<std::string>() + " (kneeload.METRICS lists them)");
    return m.*(spec->field);
}

void bind_metrics(py::module_& m) {
    py::class_<StepMetrics> cls(m, "StepMetrics",
                                "Per-step metrics; every metric an attribute with its unit in its name "
                                "(kneeload.METRICS). Also a read-only mapping name -> value.");
    for (const MetricSpec& spec : metric_registry) {
        const auto field = spec.field;
        const std::string doc = std::string(spec.description) + " [" + std::string(spec.unit) + "]";
        cls.def_property_readonly(
            spec.name.data(), [field](const StepMetrics& r) { return r.*field; }, doc.c_str());
    }
    cls.def("__getitem__", &metric_by_name, py::arg("name"))
        .def("__contains__",
             [](const StepMetrics&, const py::object& key) {
                 const auto name = name_of(key);
                 return name && find_metric(*name) != nullptr;
             })
        .def(
            "get",
            [](const StepMetrics& s, const py::object& key, const py::object& default_value) -> py::object {
                const auto name = name_of(key);
                const MetricSpec* spec = name ? find_metric(*name) : nullptr;
                return spec ? py::float_(s.*(spec->field)) : default_value;
            },
            py::arg("name"), py::arg("default") = py::none(), "The metric called name, or default.")
        .def("__len__", [](const StepMetrics&) { return metric_count; })
        .def("__iter__", [](const StepMetrics& s) { return py::iter(metrics_dict(s)); })
        .def("keys", [](const StepMetrics& s) { return metrics_dict(s).attr("keys")(); })
        .def("values", [](const StepMetrics& s) { return metrics_dict(s).attr("values")(); })
        .def("items", [](const StepMetrics& s) { return metrics_dict(s).attr("items")(); })
        .def("to_dict", &metrics_dict, "The metrics as a dict name -> value.")
        .def("__repr__", [](const StepMetrics& s) {
            return "StepMetrics(contact_time_s=" + format_number(s.contact_time_s) +
                   ", peak_vgrf_bw=" + format_number(s.peak_vgrf_bw) +
                   ", peak_pfj_stress_mpa=" + format_number(s.peak_pfj_stress_mpa) + ", ... " +
                   std::to_string(metric_count) + " metrics)";
        });
    add_value_semantics(cls, &metrics_state, &metrics_from_state);
}

py::array_t<double> column_array(const TimeSeries& t, std::size_t c) { return to_array(t.columns[c]); }

/// One column by name (or is_event), or nothing for a key that names none.
std::optional<py::array> find_column(const TimeSeries& t, const py::object& key) {
    const auto name = name_of(key);
    if (!name) return std::nullopt;
    if (*name == "is_event") return to_array(t.is_event);
    for (std::size_t c = 0; c < time_series_column_count; ++c)
        if (time_series_registry[c].name == *name) return column_array(t, c);
    return std::nullopt;
}

/// One column by name (or is_event); a KeyError names the mapping's keys otherwise.
py::array column_by_name(const TimeSeries& t, const py::object& key) {
    if (auto column = find_column(t, key)) return *column;
    throw py::key_error("no time-series column " + py::repr(key).cast<std::string>() +
                        " (kneeload.TIME_SERIES lists them, and is_event)");
}

py::dict columns_dict(const TimeSeries& t) {
    py::dict d;
    for (std::size_t c = 0; c < time_series_column_count; ++c)
        d[py::str(time_series_registry[c].name.data())] = column_array(t, c);
    d["is_event"] = to_array(t.is_event);
    return d;
}

/// Every column (registry order), then is_event.
py::tuple time_series_state(const TimeSeries& t) {
    py::tuple state(time_series_column_count + 1);
    for (std::size_t c = 0; c < time_series_column_count; ++c) state[c] = column_array(t, c);
    state[time_series_column_count] = to_array(t.is_event);
    return state;
}

TimeSeries time_series_from_state(const py::tuple& state) {
    checked_state(state, time_series_column_count + 1, "TimeSeries");
    TimeSeries t;
    for (std::size_t c = 0; c < time_series_column_count; ++c) t.columns[c] = state[c].cast<std::vector<double>>();
    t.is_event = state[time_series_column_count].cast<std::vector<int>>();
    for (const auto& column : t.columns)
        if (column.size() != t.size()) throw std::invalid_argument("cannot unpickle a TimeSeries of unequal columns");
    return t;
}

void bind_time_series(py::module_& m) {
    py::class_<TimeSeries> cls(m, "TimeSeries",
                               "Stance time series: every column (kneeload.TIME_SERIES) an attribute returning a "
                               "numpy array, plus is_event. Also a read-only mapping name -> array (len() is the "
                               "number of samples; as a table: StepResult.to_dataframe()).");
    for (std::size_t c = 0; c < time_series_column_count; ++c) {
        const ColumnSpec& spec = time_series_registry[c];
        const std::string doc = std::string(spec.description) + " [" + std::string(spec.unit) + "]";
        cls.def_property_readonly(
            spec.name.data(), [c](const TimeSeries& t) { return column_array(t, c); }, doc.c_str());
    }
    cls.def_property_readonly(
           "is_event", [](const TimeSeries& t) { return to_array(t.is_event); },
           "1 at the exact event instants, 0 on the uniform grid")
        .def("__getitem__", &column_by_name, py::arg("name"))
        .def("__contains__",
             [](const TimeSeries&, const py::object& key) {
                 const auto name = name_of(key);
                 return name && (*name == "is_event" ||
                                 std::any_of(std::begin(time_series_registry), std::end(time_series_registry),
                                             [&name](const ColumnSpec& c) { return c.name == *name; }));
             })
        .def(
            "get",
            [](const TimeSeries& t, const py::object& key, const py::object& default_value) -> py::object {
                if (auto column = find_column(t, key)) return *column;
                return default_value;
            },
            py::arg("name"), py::arg("default") = py::none(), "The column called name, or default.")
        .def(
            "__len__", [](const TimeSeries& t) { return t.size(); }, "the number of samples")
        .def(
            "__iter__",
            [](const TimeSeries&) -> py::iterator {
                // len() is the number of samples, so iterating over names would make a mapping
                // whose length is not its number of keys (pandas.DataFrame(series) then built a
                // one-column table of names); iterating over samples would not be one at all.
                throw py::type_error(
                    "a TimeSeries is not iterable: its column names are .keys(), the columns .items() or "
                    ".to_dict(), and a table StepResult.to_dataframe()");
            },
            "not iterable: see keys(), items(), to_dict()")
        .def("keys", [](const TimeSeries& t) { return columns_dict(t).attr("keys")(); })
        .def("values", [](const TimeSeries& t) { return columns_dict(t).attr("values")(); })
        .def("items", [](const TimeSeries& t) { return columns_dict(t).attr("items")(); })
        .def("to_dict", &columns_dict, "The columns as a dict name -> numpy array.")
        .def("__repr__", [](const TimeSeries& t) {
            return "TimeSeries(" + std::to_string(t.size()) + " samples x " + std::to_string(time_series_column_count) +
                   " columns)";
        });
    add_value_semantics(cls, &time_series_state, &time_series_from_state);
}

// A state holds every field: a field added to these structs must be added to their state. The
// size checks below fail for most additions (not for one that fits in a struct's padding).
static_assert(sizeof(GaitResiduals) == 7 * sizeof(double), "every GaitResiduals field is in its state");
static_assert(sizeof(StanceControl) == 7 * sizeof(double), "every StanceControl field is in GaitSolution's state");
static_assert(sizeof(GaitKinematics) == 3 * sizeof(double), "every GaitKinematics field is in GaitSolution's state");
struct GaitSolutionFields {
    GaitStatus status;
    std::string reason;
    GaitKinematics gait;
    Closure closure;
    StanceControl control;
    double contact_time_s, flight_time_s;
    GaitResiduals residuals;
    int iterations, stance_evaluations, refinements;
};
static_assert(sizeof(GaitSolution) == sizeof(GaitSolutionFields), "every GaitSolution field is in its state");

py::tuple residuals_state(const GaitResiduals& r) {
    return py::make_tuple(r.com_height_m, r.com_vertical_velocity_m_per_s, r.com_horizontal_velocity_m_per_s,
                          r.mean_speed_m_per_s, r.closure, r.mean_vertical_force_excess_bw,
                          r.net_horizontal_impulse_n_s);
}

GaitResiduals residuals_from_state(const py::tuple& state) {
    checked_state(state, 7, "GaitResiduals");
    return {state[0].cast<double>(), state[1].cast<double>(), state[2].cast<double>(), state[3].cast<double>(),
            state[4].cast<double>(), state[5].cast<double>(), state[6].cast<double>()};
}

py::tuple gait_state(const GaitSolution& g) {
    const StanceControl& c = g.control;
    return py::make_tuple(std::string(to_string(g.status)), g.reason,
                          py::make_tuple(g.gait.speed_m_per_s, g.gait.cadence_steps_per_min, g.gait.step_length_m),
                          py::make_tuple(std::string(to_string(g.closure.kind)), g.closure.target),
                          py::make_tuple(c.touchdown_leg_angle_rad, c.hip_velocity_x_m_per_s, c.hip_velocity_y_m_per_s,
                                         c.leg_stiffness_n_per_m, c.unloading_stiffness_ratio,
                                         c.touchdown_knee_flexion_rad, c.lower_limb_touchdown_speed_m_per_s),
                          g.contact_time_s, g.flight_time_s, residuals_state(g.residuals), g.iterations,
                          g.stance_evaluations, g.refinements);
}

GaitSolution gait_from_state(const py::tuple& state) {
    checked_state(state, 11, "GaitSolution");
    GaitSolution g;
    g.status = parse_enum<GaitStatus>("status", state[0].cast<std::string>());
    g.reason = state[1].cast<std::string>();
    const auto gait = checked_state(state[2].cast<py::tuple>(), 3, "GaitSolution gait");
    g.gait = {gait[0].cast<double>(), gait[1].cast<double>(), gait[2].cast<double>()};
    const auto closure = checked_state(state[3].cast<py::tuple>(), 2, "GaitSolution closure");
    g.closure = {parse_enum<ClosureKind>("closure", closure[0].cast<std::string>()), closure[1].cast<double>()};
    const auto c = checked_state(state[4].cast<py::tuple>(), 7, "GaitSolution control");
    g.control = {c[0].cast<double>(), c[1].cast<double>(), c[2].cast<double>(), c[3].cast<double>(),
                 c[4].cast<double>(), c[5].cast<double>(), c[6].cast<double>()};
    g.contact_time_s = state[5].cast<double>();
    g.flight_time_s = state[6].cast<double>();
    g.residuals = residuals_from_state(state[7].cast<py::tuple>());
    g.iterations = state[8].cast<int>();
    g.stance_evaluations = state[9].cast<int>();
    g.refinements = state[10].cast<int>();
    return g;
}

void bind_gait(py::module_& m) {
    py::class_<GaitResiduals> residuals(m, "GaitResiduals", "Periodic-step residuals, each in its unit.");
    residuals.def_readonly("com_height_m", &GaitResiduals::com_height_m)
        .def_readonly("com_vertical_velocity_m_per_s", &GaitResiduals::com_vertical_velocity_m_per_s)
        .def_readonly("com_horizontal_velocity_m_per_s", &GaitResiduals::com_horizontal_velocity_m_per_s)
        .def_readonly("mean_speed_m_per_s", &GaitResiduals::mean_speed_m_per_s)
        .def_readonly("closure", &GaitResiduals::closure, "in the closure's unit (relative for leg_stiffness)")
        .def_readonly("mean_vertical_force_excess_bw", &GaitResiduals::mean_vertical_force_excess_bw)
        .def_readonly("net_horizontal_impulse_n_s", &GaitResiduals::net_horizontal_impulse_n_s)
        .def("max_abs", &GaitResiduals::max_abs, "largest of the five residuals")
        .def("__repr__",
             [](const GaitResiduals& r) { return "GaitResiduals(max_abs=" + format_number(r.max_abs()) + ")"; });
    add_value_semantics(residuals, &residuals_state, &residuals_from_state);
    py::class_<GaitSolution> gait(m, "GaitSolution", "The periodic-gait solution: status, reason and stance controls.");
    gait.def_property_readonly("ok", &GaitSolution::ok)
        .def_property_readonly("status", [](const GaitSolution& g) { return std::string(to_string(g.status)); })
        .def_readonly("reason", &GaitSolution::reason)
        .def_property_readonly("speed_m_per_s", [](const GaitSolution& g) { return g.gait.speed_m_per_s; })
        .def_property_readonly("cadence_steps_per_min",
                               [](const GaitSolution& g) { return g.gait.cadence_steps_per_min; })
        .def_property_readonly("step_length_m", [](const GaitSolution& g) { return g.gait.step_length_m; })
        .def_property_readonly("closure", [](const GaitSolution& g) { return std::string(to_string(g.closure.kind)); })
        .def_property_readonly(
            "touchdown_leg_angle_rad", [](const GaitSolution& g) { return g.control.touchdown_leg_angle_rad; },
            "leg (first contact point to hip) angle from the vertical at touchdown [rad]; > 0: foot ahead")
        .def_property_readonly("hip_velocity_x_m_per_s",
                               [](const GaitSolution& g) { return g.control.hip_velocity_x_m_per_s; })
        .def_property_readonly("hip_velocity_y_m_per_s",
                               [](const GaitSolution& g) { return g.control.hip_velocity_y_m_per_s; })
        .def_property_readonly("leg_stiffness_n_per_m",
                               [](const GaitSolution& g) { return g.control.leg_stiffness_n_per_m; })
        .def_property_readonly("unloading_stiffness_ratio",
                               [](const GaitSolution& g) { return g.control.unloading_stiffness_ratio; })
        .def_property_readonly(
            "touchdown_knee_flexion_rad", [](const GaitSolution& g) { return g.control.touchdown_knee_flexion_rad; },
            "knee flexion at touchdown [rad] (foot strike and speed)")
        .def_property_readonly(
            "lower_limb_touchdown_speed_m_per_s",
            [](const GaitSolution& g) { return g.control.lower_limb_touchdown_speed_m_per_s; },
            "downward speed of the lower limb at touchdown [m/s] (the hip's plus the swing leg's retraction)")
        .def_readonly("contact_time_s", &GaitSolution::contact_time_s)
        .def_readonly("flight_time_s", &GaitSolution::flight_time_s)
        .def_readonly("residuals", &GaitSolution::residuals)
        .def_readonly("iterations", &GaitSolution::iterations)
        .def_readonly("stance_evaluations", &GaitSolution::stance_evaluations)
        .def("__repr__", [](const GaitSolution& g) {
            return "GaitSolution(status=" + std::string(to_string(g.status)) +
                   ", cadence_steps_per_min=" + format_number(g.gait.cadence_steps_per_min) +
                   ", iterations=" + std::to_string(g.iterations) + ")";
        });
    add_value_semantics(gait, &gait_state, &gait_from_state);
}

std::vector<std::pair<std::string, double>> events_of(const StepResult& s) {
    std::vector<std::pair<std::string, double>> events;
    for (int i = 0; i < s.event_count; ++i) events.emplace_back(to_string(s.events[i].kind), s.events[i].time_s);
    return events;
}

std::vector<std::pair<std::string, std::string>> stance_event_kinds() {
    std::vector<std::pair<std::string, std::string>> kinds;
    for (const auto& entry : stance_event_names) kinds.emplace_back(entry.name, entry.description);
    return kinds;
}

void bind_solved_step(py::module_& m) {
    py::class_<SolvedStep>(m, "SolvedStep", "A solved gait and its simulated step (C++ result).")
        .def_property_readonly("ok", &SolvedStep::ok)
        .def_property_readonly(
            "status", [](const SolvedStep& s) { return std::string(to_string(status_of(s))); },
            "ok, no_periodic_gait or implausible (as a sweep's status flag_meanings)")
        .def_readonly("gait", &SolvedStep::gait)
        .def_property_readonly("reason", [](const SolvedStep& s) { return s.step.reason; })
        .def_property_readonly("metrics", [](const SolvedStep& s) { return s.step.metrics; })
        .def_property_readonly("time_series", [](const SolvedStep& s) { return s.step.time_series; })
        .def_property_readonly("events", [](const SolvedStep& s) { return events_of(s.step); });
    m.def("stance_events", &stance_event_kinds, "Every kind of stance event: (name, description), in order.");
}

void bind_condition(py::module_& m) {
    py::class_<Condition>(m, "Condition", "One condition, built from named numbers and choices (registry names).")
        .def(py::init([](const Numbers& numbers, const Options& options) {
                 return make_condition(named_values(numbers, options));
             }),
             py::arg("numbers") = Numbers{}, py::arg("options") = Options{})
        .def(
            "number", [](const Condition& c, const std::string& name) { return get_parameter(c, name); },
            py::arg("name"))
        .def(
            "option", [](const Condition& c, const std::string& name) { return std::string(get_choice(c, name)); },
            py::arg("name"))
        .def(
            "unread_reason",
            [](const Condition& c, const std::string& name) {
                const ParameterSpec* p = find_parameter(name);
                if (!p) throw InvalidParameter(name, registry_detail::not_set, "unknown name");
                return unread_reason(*p, c);
            },
            py::arg("name"),
            "Why the model does not read the parameter under this condition's choices; empty when it does.")
        .def(
            "validate", [](const Condition& c) { validate(c); }, "raises ValueError naming the first invalid input");
}

}  // namespace

void bind_step(py::module_& m) {
    m.def(
        "write_time_series_csv",
        [](const std::string& path, const TimeSeries& series) { io::write_time_series_csv(path, series); },
        py::arg("path"), py::arg("time_series"),
        "Writes a step's time series as CSV under a temporary name, renamed when complete (OSError on failure).");
    bind_metrics(m);
    bind_time_series(m);
    bind_gait(m);
    bind_solved_step(m);
    bind_condition(m);
    m.def(
        "simulate_condition",
        [](const Condition& condition, bool time_series, double sample_rate_hz) {
            py::gil_scoped_release release;
            return simulate_condition(condition, StepOptions{time_series, sample_rate_hz});
        },
        py::arg("condition"), py::kw_only(), py::arg("time_series") = true, py::arg("sample_rate_hz") = 2000.0,
        "Solve the periodic gait and simulate one step; ValueError for invalid input.");
    m.def(
        "solve_condition",
        [](const Condition& condition) {
            py::gil_scoped_release release;
            return solve_condition(condition);
        },
        py::arg("condition"), "Solve the periodic gait only; ValueError for invalid input.");
    m.def(
        "preferred_cadence_steps_per_min",
        [](double speed_m_per_s, const Condition& condition) {
            return preferred_cadence_steps_per_min(speed_m_per_s, condition.model.runner);
        },
        py::arg("speed_m_per_s"), py::arg("condition"),
        "Preferred cadence [steps/min] at a speed [m/s] for the runner.");
}

}  // namespace kneeload::python
