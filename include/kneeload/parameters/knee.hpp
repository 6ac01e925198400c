#pragma once
/// @file parameters/knee.hpp
/// The patellofemoral chain's choices: contact-area curve and which knee moment drives it.

#include "kneeload/parameters/constants.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

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

/// Which knee extensor moment drives the patellofemoral chain (model/knee_geometry.hpp).
enum class PfjKneeMoment { ground_force_vector, internal };

inline constexpr EnumName<PfjKneeMoment> pfj_knee_moment_names[] = {
    {PfjKneeMoment::ground_force_vector, "ground_force_vector",
     "moment of the ground force vector about the knee (quasi-static; the 2-D PFJ studies' convention)"},
    {PfjKneeMoment::internal, "internal",
     "moment of the leg's own force about the knee (without the lower limb's inertia)"},
};
constexpr const auto& enum_names(PfjKneeMoment) { return pfj_knee_moment_names; }

struct Patellofemoral {
    ContactAreaCurve contact_area_curve = ContactAreaCurve::kernozek_cubic;
    PfjKneeMoment knee_moment = PfjKneeMoment::ground_force_vector;
};

}  // namespace kneeload
