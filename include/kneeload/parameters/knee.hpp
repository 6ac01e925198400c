#pragma once
/// @file parameters/knee.hpp
/// Knee kinematics parameters and the patellofemoral contact-area choice.

#include "kneeload/parameters/constants.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

struct Knee {
    /// Knee flexion at touchdown [deg] (Heiderscheit et al. 2011: 17.8 +/- 4.0).
    double touchdown_flexion_deg = constants::knee_flexion_at_touchdown_deg.value;
    /// Share of leg compression taken by knee flexion (model choice; see constants.hpp).
    double share_of_leg_compression = constants::knee_share_of_leg_compression.value;
};

/// Which contact-area curve turns PFJ force into stress. It changes absolute stress by about
/// 2x, so every result records which curve made it (curves in model/patellofemoral.hpp).
enum class ContactAreaCurve { kernozek_cubic, doyle_quartic };

inline constexpr EnumName<ContactAreaCurve> contact_area_curve_names[] = {
    {ContactAreaCurve::kernozek_cubic, "kernozek_cubic",
     "A = -0.0001 t^3 - 0.0082 t^2 + 3.5071 t + 73.81 mm^2 (206 mm^2 at 45 deg)"},
    {ContactAreaCurve::doyle_quartic, "doyle_quartic",
     "A = -2e-5 t^4 + 0.0033 t^3 - 0.1099 t^2 + 3.5273 t + 81.058 mm^2 (Doyle et al. 2023; 236 mm^2 at 45 deg)"},
};
constexpr const auto& enum_names(ContactAreaCurve) { return contact_area_curve_names; }

struct Patellofemoral {
    ContactAreaCurve contact_area_curve = ContactAreaCurve::kernozek_cubic;
};

}  // namespace kneeload
