// The patellofemoral chain on its own: for knee angles and moments measured in a lab (or any
// other source), the same quadriceps force, PFJ force, contact area and stress the model reports.
#include <cmath>
#include <string>
#include <utility>

#include "bindings.hpp"
#include "kneeload/model/patellofemoral.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload::python {

namespace {
using Series = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// The shape of a series in words, for messages: "a 2-D array of 6 values".
std::string shape_of(const Series& series) {
    return "a " + std::to_string(series.ndim()) + "-D array of " + std::to_string(series.size()) + " value" +
           (series.size() == 1 ? "" : "s");
}

/// The knee flexions accepted [deg]: from hyperextension to a fully bent knee (the chain's curves
/// hold over 0-90 deg; outside, their nearer end). Beyond, a unit slip or a corrupt sample.
constexpr Range accepted_flexion_deg{-30.0, 180.0};

/// Each series 1-D; the moment as long as the flexion; no infinite value (NaN is a gap); each
/// flexion in its accepted range, named with its index.
void check_series(const Series& flexion_deg, const Series& moment_n_m) {
    for (const auto& [name, series] :
         {std::pair{"knee_flexion_deg", &flexion_deg}, {"knee_extensor_moment_n_m", &moment_n_m}}) {
        if (series->ndim() != 1) throw InvalidParameter(name, shape_of(*series), "must be a 1-D series");
        for (py::ssize_t i = 0; i < series->size(); ++i)
            if (std::isinf(series->data()[i]))
                throw InvalidParameter(std::string(name) + "[" + std::to_string(i) + "]", series->data()[i],
                                       "must be finite (NaN marks a gap)");
    }
    if (flexion_deg.size() != moment_n_m.size())
        throw InvalidParameter("knee_extensor_moment_n_m", shape_of(moment_n_m),
                               "must be as long as knee_flexion_deg (" + shape_of(flexion_deg) + ")");
    for (py::ssize_t i = 0; i < flexion_deg.size(); ++i)
        if (!std::isnan(flexion_deg.data()[i]))
            require_in_range("knee_flexion_deg[" + std::to_string(i) + "]", flexion_deg.data()[i], accepted_flexion_deg,
                             "deg");
}

py::dict pfj_load(const Series& flexion_deg, const Series& moment_n_m, const std::string& contact_area_curve) {
    const auto curve = parse_enum<ContactAreaCurve>("contact_area_curve", contact_area_curve);
    check_series(flexion_deg, moment_n_m);
    const py::ssize_t n = flexion_deg.size();
    Series quadriceps(n), force(n), area(n), stress(n);
    const double *theta = flexion_deg.data(), *moment = moment_n_m.data();
    for (py::ssize_t i = 0; i < n; ++i) {
        // A gap in a measured series (NaN) stays a gap.
        const bool known = !std::isnan(theta[i]) && !std::isnan(moment[i]);
        const pfj::Load load = known ? pfj::evaluate(theta[i], moment[i], curve) : pfj::Load{NAN, NAN, NAN, NAN};
        quadriceps.mutable_at(i) = load.quadriceps_force_n;
        force.mutable_at(i) = load.pfj_force_n;
        area.mutable_at(i) = load.contact_area_mm2;
        stress.mutable_at(i) = load.stress_mpa;
    }
    py::dict out;
    out["quadriceps_force_n"] = quadriceps;
    out["pfj_force_n"] = force;
    out["pfj_contact_area_mm2"] = area;
    out["pfj_stress_mpa"] = stress;
    return out;
}
}  // namespace

void bind_patellofemoral(py::module_& m) {
    m.def("pfj_load", &pfj_load, py::arg("knee_flexion_deg"), py::arg("knee_extensor_moment_n_m"),
          py::arg("contact_area_curve"),
          "The PFJ chain at each instant of a knee flexion [deg] and extensor moment [N m] series: a dict of "
          "quadriceps_force_n, pfj_force_n, pfj_contact_area_mm2 and pfj_stress_mpa (NaN where an input is NaN; the "
          "flexion outside 0-90 deg evaluated at the nearer end).");
}

}  // namespace kneeload::python
