// PFJ curves at the angles the references tabulate (REFERENCES.md, PFJ section).
#include <doctest/doctest.h>

#include <kneeload/model/patellofemoral.hpp>
#include <kneeload/parameters/constants.hpp>

using namespace kneeload;

TEST_CASE("PFJ force ratio k(theta): 0.864 at 45 and 0.986 at 80 deg (van Eijden form), positive throughout") {
    CHECK(pfj::force_ratio(45.0) == doctest::Approx(0.864).epsilon(2e-3));
    CHECK(pfj::force_ratio(80.0) == doctest::Approx(0.986).epsilon(2e-3));
    // The misprinted variant with theta^2 and theta^3 in the numerator turns negative above ~40 deg.
    for (double t = 0; t <= 90; t += 1) CHECK(pfj::force_ratio(t) > 0.4);
    // Monotone over the running range: the patella is pressed harder as the knee flexes.
    for (double t = 1; t <= 80; t += 1) CHECK(pfj::force_ratio(t) > pfj::force_ratio(t - 1));
}

TEST_CASE("quadriceps moment arm within 2 % of in-vivo MRI 31.5-47.1 mm over 10-50 deg (PMC4662057)") {
    for (double t = 10; t <= 50; t += 5) {
        CHECK(pfj::quadriceps_moment_arm_m(t) >= 0.0315 * 0.98);
        CHECK(pfj::quadriceps_moment_arm_m(t) <= 0.0471 * 1.02);
    }
    CHECK(pfj::quadriceps_moment_arm_m(50.0) < pfj::quadriceps_moment_arm_m(10.0));  // shrinks with flexion
}

TEST_CASE("contact area curves: Kernozek 206 mm^2 at 45 and 233 at 60 deg; Doyle 236 at 45 deg") {
    CHECK(pfj::contact_area_mm2(45.0, ContactAreaCurve::kernozek_cubic) == doctest::Approx(206.0).epsilon(2e-3));
    CHECK(pfj::contact_area_mm2(60.0, ContactAreaCurve::kernozek_cubic) == doctest::Approx(233.0).epsilon(2e-3));
    CHECK(pfj::contact_area_mm2(45.0, ContactAreaCurve::doyle_quartic) == doctest::Approx(236.0).epsilon(2e-3));
}

TEST_CASE(
    "PFJ chain: 2.5 N m/kg at 45 deg (Heiderscheit 2011 magnitudes) gives a PFJ force in Roos 2012's 4.5 +/- 1.5 BW") {
    const double mass = 70.0, moment = 2.5 * mass;
    const pfj::Load load = pfj::evaluate(45.0, moment, ContactAreaCurve::kernozek_cubic);
    // Hand calculation: r_q(45) = 0.03962 m, F_q = 175 / 0.03962 = 4417 N, F_pf = 0.8645 F_q = 3818 N.
    CHECK(load.quadriceps_force_n == doctest::Approx(4417.0).epsilon(2e-3));
    CHECK(load.pfj_force_n == doctest::Approx(3818.0).epsilon(2e-3));
    CHECK(load.stress_mpa == doctest::Approx(3818.0 / 205.9).epsilon(3e-3));
    const double bw = mass * constants::gravity_m_per_s2;
    CHECK(load.pfj_force_n / bw > 3.0);
    CHECK(load.pfj_force_n / bw < 6.0);
}

TEST_CASE("a flexor moment gives no quadriceps or PFJ force; angles beyond 0-90 deg take the end values") {
    const pfj::Load load = pfj::evaluate(30.0, -20.0, ContactAreaCurve::kernozek_cubic);
    CHECK(load.quadriceps_force_n == 0.0);
    CHECK(load.pfj_force_n == 0.0);
    CHECK(load.stress_mpa == 0.0);
    CHECK(pfj::contact_area_mm2(-5.0, ContactAreaCurve::kernozek_cubic) ==
          pfj::contact_area_mm2(0.0, ContactAreaCurve::kernozek_cubic));
    CHECK(pfj::force_ratio(120.0) == pfj::force_ratio(90.0));
}
