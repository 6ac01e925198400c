// Contact stack: never pulls, never jumps, power-law fit of the series stack; shoe wear;
// the ankle in series under a forefoot contact.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <kneeload/model/contact.hpp>
#include <kneeload/parameters/foot_strike.hpp>

using namespace kneeload;

namespace {
Shoe shoe_of(ShoeLaw law, double stiffness = 100e3, double kelvin_voigt_damping = 150.0) {
    Shoe s;
    s.law = law;
    s.stiffness_n_per_m = stiffness;
    s.kelvin_voigt_damping_n_s_per_m = kelvin_voigt_damping;
    return s;
}
const std::vector<Shoe> every_law = {shoe_of(ShoeLaw::hunt_crossley_foam), shoe_of(ShoeLaw::barefoot),
                                     shoe_of(ShoeLaw::kelvin_voigt)};
const double rigid = std::numeric_limits<double>::infinity();
}  // namespace

TEST_CASE("contact force is zero at and below zero compression and never negative") {
    for (const Shoe& shoe : every_law) {
        const ContactStack stack(shoe, HeelPad{}, 500e3, 1.0, 700.0);
        CHECK(stack.evaluate(0.0, 1.0).force_n == 0.0);
        CHECK(stack.evaluate(-1e-3, 1.0).force_n == 0.0);
        // Fast unloading: the damping term would pull; the stack clamps at zero.
        CHECK(stack.evaluate(0.01, -50.0).force_n == 0.0);
        for (double d = 1e-4; d < 0.04; d *= 1.5) CHECK(stack.evaluate(d, -0.5).force_n >= 0.0);
    }
}

TEST_CASE("contact force never jumps: it tends to zero as compression tends to zero at impact speed") {
    // Analytic: F = A d^N (1 + h v) -> 0 as d -> 0 for the Hunt-Crossley stack; the Kelvin-Voigt
    // dashpot engages linearly over d_on, so F <= k d + c v d / d_on -> 0.
    const double impact_speed = 2.0;
    for (const Shoe& shoe : every_law) {
        const ContactStack stack(shoe, HeelPad{}, rigid, 1.0, 700.0);
        CHECK(stack.evaluate(1e-9, impact_speed).force_n < 1e-3);
        CHECK(stack.evaluate(1e-7, impact_speed).force_n < 1e-1);
    }
}

TEST_CASE("the force's rate is its time derivative along a motion (central differences)") {
    // d(t) = d0 + v t + a t^2 / 2 through the Kelvin-Voigt dashpot's engagement (d0 below and above
    // its 1 mm onset) and the power laws' range; the central difference over +-1 ns is accurate to
    // ~1e-7 relative here.
    for (const Shoe& shoe : every_law) {
        const ContactStack stack(shoe, HeelPad{}, 500e3, 1.0, 700.0);
        for (double d0 : {2e-4, 3e-3, 1.2e-2})
            for (double v : {-0.4, 0.3, 1.5})
                for (double a : {-60.0, 40.0}) {
                    const double dt = 1e-9;
                    auto force = [&](double t) {
                        return stack.evaluate(d0 + v * t + 0.5 * a * t * t, v + a * t).force_n;
                    };
                    if (force(-dt) <= 0.0 || force(dt) <= 0.0) continue;  // clamped at zero: rate 0
                    const double numeric = (force(dt) - force(-dt)) / (2.0 * dt);
                    CAPTURE(d0);
                    CAPTURE(v);
                    CAPTURE(a);
                    CHECK(stack.force_rate_n_per_s(d0, v, a, stack.evaluate(d0, v)) ==
                          doctest::Approx(numeric).epsilon(1e-5));
                }
    }
}

TEST_CASE("a one-element stack is the element's own power law exactly (Kinoshita 1993 heel pad point)") {
    const HeelPad pad;
    const ContactStack stack(shoe_of(ShoeLaw::barefoot), pad, rigid, 0.0, 700.0);
    const double at_reference = stack.evaluate(pad.reference_compression_m, 0.0).force_n;
    CHECK(at_reference == doctest::Approx(pad.stiffness_n_per_m * pad.reference_compression_m).epsilon(1e-12));
    CHECK(stack.exponent() == doctest::Approx(pad.stiffening_exponent).epsilon(1e-12));
}

TEST_CASE("Kelvin-Voigt in series with the surface is one spring k k_s / (k + k_s)") {
    const ContactStack stack(shoe_of(ShoeLaw::kelvin_voigt, 200e3, 0.0), HeelPad{}, 300e3, 0.0, 700.0);
    CHECK(stack.evaluate(0.005, 0.0).force_n == doctest::Approx(200e3 * 300e3 / 500e3 * 0.005).epsilon(1e-12));
}

TEST_CASE("fitted series stack: exact at the two fit forces, within 4 % of the exact series law between") {
    const Runner runner;
    const double bw = runner.body_weight_n();
    const Shoe shoe;
    const double series = 400e3;  // a compliant surface
    const ContactStack stack(shoe, runner.heel_pad, series, 0.0, bw);
    const auto pad =
        PowerLawElement::from_secant(runner.heel_pad.stiffness_n_per_m, runner.heel_pad.reference_compression_m,
                                     runner.heel_pad.stiffening_exponent, 0.0);
    const auto foam = PowerLawElement::from_secant(shoe.stiffness_n_per_m, shoe.reference_compression_m,
                                                   shoe.stiffening_exponent, 0.0);
    // Exact compression of the series stack at force F: sum of the element inverses.
    auto exact_compression = [&](double f) { return pad.compression_at(f) + foam.compression_at(f) + f / series; };
    for (double f_bw : {constants::contact_fit_low_force_bw, constants::contact_fit_high_force_bw}) {
        const double f = f_bw * bw;
        CHECK(stack.evaluate(exact_compression(f), 0.0).force_n == doctest::Approx(f).epsilon(1e-9));
    }
    double worst = 0.0;
    for (double f_bw = 0.5; f_bw <= 3.0; f_bw += 0.05) {
        const double f = f_bw * bw;
        worst = std::max(worst, std::abs(stack.evaluate(exact_compression(f), 0.0).force_n / f - 1.0));
    }
    MESSAGE("largest relative force error of the fitted stack over 0.5-3 BW: " << worst);
    CHECK(worst < 0.04);
}

TEST_CASE("wear raises shoe stiffness along Cook et al. 1985 (75 % at 50 mi, 67 % at 150 mi, 60 % at 500 mi)") {
    Shoe shoe;
    CHECK(shoe.cushioning_retained() == 1.0);
    shoe.wear_km = 50 * constants::km_per_mile;
    CHECK(shoe.cushioning_retained() == doctest::Approx(0.75));
    shoe.wear_km = 500 * constants::km_per_mile;
    CHECK(shoe.worn_stiffness_n_per_m() == doctest::Approx(shoe.stiffness_n_per_m / 0.60));
    shoe.wear_km = 2000.0;  // beyond the last published point: constant
    CHECK(shoe.cushioning_retained() == doctest::Approx(0.60));
    shoe.wear_km = 100 * constants::km_per_mile;  // halfway 50 -> 150 mi: linear
    CHECK(shoe.cushioning_retained() == doctest::Approx(0.71));
}
