/// @file model/patellofemoral.cpp
#include "kneeload/model/patellofemoral.hpp"

#include <algorithm>

namespace kneeload::pfj {

double clamp_flexion_deg(double flexion_deg) { return std::clamp(flexion_deg, 0.0, 90.0); }

double quadriceps_moment_arm_m(double flexion_deg) {
    const double t = clamp_flexion_deg(flexion_deg);
    return ((8.0e-8 * t - 1.3e-5) * t + 2.8e-4) * t + 0.046;
}

double force_ratio(double flexion_deg) {
    const double t = clamp_flexion_deg(flexion_deg);
    const double numerator = 0.462 + 0.00147 * t - 0.0000384 * t * t;
    const double denominator = 1.0 - 0.0162 * t + 0.000155 * t * t - 0.000000698 * t * t * t;
    return numerator / denominator;
}

double contact_area_mm2(double flexion_deg, ContactAreaCurve curve) {
    const double t = clamp_flexion_deg(flexion_deg);
    if (curve == ContactAreaCurve::doyle_quartic)
        return (((-2e-5 * t + 0.0033) * t - 0.1099) * t + 3.5273) * t + 81.058;
    return ((-0.0001 * t - 0.0082) * t + 3.5071) * t + 73.81;  // Kernozek cubic
}

Load evaluate(double flexion_deg, double knee_extensor_moment_n_m, ContactAreaCurve curve) {
    Load load;
    load.contact_area_mm2 = contact_area_mm2(flexion_deg, curve);
    load.quadriceps_force_n = std::max(0.0, knee_extensor_moment_n_m) / quadriceps_moment_arm_m(flexion_deg);
    load.pfj_force_n = force_ratio(flexion_deg) * load.quadriceps_force_n;
    load.stress_mpa = load.pfj_force_n / load.contact_area_mm2;
    return load;
}

}  // namespace kneeload::pfj
