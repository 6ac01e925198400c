#pragma once
/// @file model/contact.hpp
/// The contact stack under the lower-limb mass: heel pad, shoe midsole and a linear spring in
/// series (the surface and, for a contact ahead of the ankle, the ankle).
///
/// Hunt-Crossley stack (foam shoe or barefoot). Each element i is a power law F = a_i d_i^n_i
/// carrying the same force, so the stack's compression at force F is
/// D(F) = sum_i (F / a_i)^(1/n_i) + F / k_series. The stack is represented by the single power
/// law F = A D^N through the exact points D(F_low), D(F_high) (0.5 and 3 body weights, the
/// force range of running): exact for a one-element stack and at the two points, and within 4 %
/// in between for the default shoe on a compliant surface (test_contact.cpp). Damping: with
/// element compliances C_i = dD_i/dF, the rate splits as C_i / C and, to first order in the
/// damping, the series Hunt-Crossley elements act as one with h = sum_i (C_i / C)^2 h_i
/// (evaluated at the middle of the force range). The lower limb's soft-tissue damping adds to
/// h. The force F = A D^N (1 + h D') is continuous (zero at first contact) and never pulls.
///
/// Kelvin-Voigt stack: linear spring k in series with k_series is exactly one spring of
/// stiffness k k_s / (k + k_s); the dashpot acts on the shoe's share of the rate (same
/// first-order rule). Its damping engages over the first d_on of compression.
/// One power law per stack keeps the right-hand side to one pow() per evaluation.

#include <algorithm>
#include <cmath>
#include <limits>

#include "kneeload/parameters/runner.hpp"
#include "kneeload/parameters/shoe.hpp"

namespace kneeload {

/// Force of the contact stack at one instant.
struct ContactForce {
    double force_n = 0.0;          ///< total force on the foot, >= 0 (never pulls)
    double elastic_force_n = 0.0;  ///< elastic part
};

/// One power-law element F = coefficient d^exponent with Hunt-Crossley damping.
struct PowerLawElement {
    double coefficient = 0.0;  ///< N / m^exponent
    double exponent = 1.0;
    double damping_s_per_m = 0.0;
    /// Secant stiffness k at reference compression d_ref -> coefficient k d_ref^(1 - n).
    static PowerLawElement from_secant(double stiffness, double reference_compression, double exponent, double damping);
    double compression_at(double force) const { return std::pow(force / coefficient, 1.0 / exponent); }
    /// dD/dF at force F.
    double compliance_at(double force) const { return compression_at(force) / (exponent * force); }
};

class ContactStack {
public:
    ContactStack() = default;

    /// @param shoe the shoe (wear applied through worn_stiffness_n_per_m)
    /// @param heel_pad the runner's heel pad (in series unless the shoe law is Kelvin-Voigt)
    /// @param series_stiffness_n_per_m surface and ankle in series [N/m]; +inf = none
    /// @param soft_tissue_damping_s_per_m added to the Hunt-Crossley damping of the stack
    /// @param body_weight_n sets the force range of the power-law fit
    ContactStack(const Shoe& shoe, const HeelPad& heel_pad, double series_stiffness_n_per_m,
                 double soft_tissue_damping_s_per_m, double body_weight_n);

    /// Force for total compression d [m] and its rate d' [m/s]. One pow() at most.
    ContactForce evaluate(double compression_m, double rate_m_per_s) const {
        ContactForce out;
        if (compression_m <= 0.0) return out;
        if (kelvin_voigt_) {
            out.elastic_force_n = coefficient_ * compression_m;
            const double engaged = std::min(1.0, compression_m / onset_m_);
            out.force_n = std::max(0.0, out.elastic_force_n + dashpot_n_s_per_m_ * engaged * rate_m_per_s);
            return out;
        }
        // exp(N log d): the same value as pow to a few ulp, at half its cost in this hot path.
        out.elastic_force_n = coefficient_ * std::exp(exponent_ * std::log(compression_m));
        out.force_n = std::max(0.0, out.elastic_force_n * (1.0 + hunt_crossley_s_per_m_ * rate_m_per_s));
        return out;
    }

    /// The force's rate of change [N/s] along a motion with compression d [m], rate d' [m/s] and
    /// acceleration d'' [m/s^2], given the force there (evaluate(d, d')): dF/dt (0 where the force
    /// is 0). The loading rate read from the state, exact at every instant, where a rate read off
    /// sampled forces carries the sampling's error (the Kelvin-Voigt dashpot engages within
    /// microseconds).
    double force_rate_n_per_s(double compression_m, double rate_m_per_s, double acceleration_m_per_s2,
                              const ContactForce& force) const {
        const double d = compression_m, v = rate_m_per_s, a = acceleration_m_per_s2;
        if (d <= 0.0 || force.force_n <= 0.0) return 0.0;
        if (kelvin_voigt_) {
            const bool engaging = d < onset_m_;
            const double engaged = engaging ? d / onset_m_ : 1.0, engaged_rate = engaging ? v / onset_m_ : 0.0;
            return coefficient_ * v + dashpot_n_s_per_m_ * (engaged_rate * v + engaged * a);
        }
        // F = A d^N (1 + h d'): dF/dt = A N d^(N-1) d' (1 + h d') + A d^N h d''.
        return force.elastic_force_n *
               (exponent_ / d * v * (1.0 + hunt_crossley_s_per_m_ * v) + hunt_crossley_s_per_m_ * a);
    }

    /// Elastic energy stored at compression d [J]: integral of A x^N from 0 to d.
    double elastic_energy_j(double compression_m) const {
        if (compression_m <= 0.0) return 0.0;
        return coefficient_ * std::pow(compression_m, exponent_ + 1.0) / (exponent_ + 1.0);
    }

    double coefficient() const { return coefficient_; }
    double exponent() const { return exponent_; }
    double hunt_crossley_damping_s_per_m() const { return hunt_crossley_s_per_m_; }
    bool is_kelvin_voigt() const { return kelvin_voigt_; }
    /// Where the force's rate jumps (its value is continuous): a Kelvin-Voigt stack at first
    /// contact (the dashpot's force c (d / d_on) d' starts at 0 with a finite slope) and where
    /// its dashpot becomes fully engaged (d = d_on) [m]. A Hunt-Crossley stack has none (NaN).
    double rate_jump_compression_m() const {
        return kelvin_voigt_ ? onset_m_ : std::numeric_limits<double>::quiet_NaN();
    }

private:
    void fit_kelvin_voigt(const Shoe& shoe, double series_stiffness_n_per_m);
    void fit_power_law(const Shoe& shoe, const HeelPad& heel_pad, double series_stiffness_n_per_m,
                       double soft_tissue_damping_s_per_m, double body_weight_n);

    bool kelvin_voigt_ = false;
    double coefficient_ = 0.0, exponent_ = 1.0;
    double hunt_crossley_s_per_m_ = 0.0;
    double dashpot_n_s_per_m_ = 0.0, onset_m_ = 1e-3;
};

}  // namespace kneeload
