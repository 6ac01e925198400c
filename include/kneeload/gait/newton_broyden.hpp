#pragma once
/// @file gait/newton_broyden.hpp
/// A globalised quasi-Newton solver for a small square system R(u) = 0 whose residual comes from
/// a simulation: every evaluation may fail, the unknowns live in a box, and the residual carries
/// the simulation's integration noise. Independent of the gait (the gait solver is one problem;
/// tests/cpp/test_newton_broyden.cpp solves the classic test problems of More, Garbow & Hillstrom
/// 1981 with it and with Eigen's HybridNonLinearSolver).
///
/// Method: a forward-difference Jacobian at the start (or a neighbour's, stale), Newton steps
/// with a backtracking line search on a weighted residual norm (Armijo sufficient decrease,
/// Dennis & Schnabel 1996, Alg. A6.3.1), rank-one Broyden updates after each accepted step
/// (Broyden 1965), a fresh finite-difference Jacobian whenever a stale one gives no descent.
/// When even a fresh Jacobian gives no descent, either its finite differences drowned in the
/// evaluation's noise or the residual has reached that noise. Far above the noise floor it is
/// the Jacobian: a forward difference over a step h carries an error of about 2 noise / h, so the
/// differences are taken again over the noise-matched step sqrt(noise) x typical size (Dennis &
/// Schnabel 1996, Sec. 5.4 and Alg. A5.4.1), which balances that error against the curvature's.
/// At the noise floor the problem is asked to evaluate more accurately (for a simulation: tighter
/// integration tolerances) and the iteration goes on from there.
///
/// Why not MINPACK's hybrid method (Powell's dogleg, Eigen's HybridNonLinearSolver): it cannot
/// step back from an evaluation that fails (a stance whose hip reaches the ground) other than by
/// stopping, it has no box, no warm start with a neighbour's Jacobian and no way to tighten the
/// evaluation at its noise floor. benchmarks/solver_comparison.cpp measures both on gait problems.
///
/// The Problem concept:
///   using Evaluation = ...;                  // what one evaluation returns; must have
///                                            //   bool ok() const and Vector residual
///   Evaluation evaluate(const Vector& u);    // may fail (ok() == false)
///   void project(Vector& u) const;           // onto the box of admissible unknowns
///   bool refine();                           // evaluate more accurately from now on; false
///                                            // when it cannot
///   double relative_noise() const;           // the residual's noise relative to its size (a
///                                            //   simulation: its integration's relative tolerance)
///   Vector weights;                          // the merit norm is |weights .* R|

#include <algorithm>
#include <cmath>

#include <Eigen/Core>
#include <Eigen/LU>

namespace kneeload {

struct NewtonBroydenSettings {
    /// Converged when every |R_i| <= this.
    double tolerance = 1e-7;
    int max_iterations = 40;
    /// Finite-difference step: this fraction of each unknown's typical size (accurate for a
    /// residual that is smooth on that scale); after a stall far above the noise floor, the
    /// noise-matched fraction sqrt(relative noise) when that is larger.
    double finite_difference_fraction = 1e-5;
    /// Halvings of a Newton step before it is given up, and the Armijo constant.
    int max_step_halvings = 12;
    double sufficient_decrease = 1e-4;
    /// Only a residual this small (every |R_i|) can be at the evaluation's noise floor: a stall
    /// above it is a noisy Jacobian (retaken noise-matched, once) or a failure to converge, not a
    /// reason to evaluate more accurately.
    double refine_below = 1e-4;
};

template <int N, class Problem>
class NewtonBroyden {
public:
    using Vector = Eigen::Matrix<double, N, 1>;
    using Matrix = Eigen::Matrix<double, N, N>;
    using Evaluation = typename Problem::Evaluation;

    /// @param typical_size each unknown's typical size (scales the finite-difference steps)
    NewtonBroyden(Problem& problem, const Vector& typical_size, const NewtonBroydenSettings& settings)
        : problem_(problem), typical_size_(typical_size), settings_(settings) {}

    enum class Start { ok, evaluation_failed, jacobian_failed };

    /// Iterates from `start` (a neighbour's Jacobian if given). Reports whether the start could be
    /// evaluated; the outcome of the iteration is in current() and converged().
    Start run(const Vector& start, const Matrix* jacobian = nullptr) {
        u_ = start;
        current_ = evaluate(u_);
        if (!current_.ok()) return Start::evaluation_failed;
        bool fresh = jacobian == nullptr;
        if (jacobian) {
            jacobian_ = *jacobian;
        } else if (!finite_difference_jacobian()) {
            return Start::jacobian_failed;
        }
        for (iteration_ = 0; !converged() && iteration_ < settings_.max_iterations; ++iteration_) {
            const Step step = newton_step(fresh);
            if (step == Step::full) {
                fresh = false;
                continue;
            }
            if (step == Step::none && fresh && !remedy_stall()) break;  // no descent even with a fresh Jacobian
            if (!finite_difference_jacobian()) break;
            fresh = true;
        }
        return Start::ok;
    }

    bool converged() const { return current_.residual.cwiseAbs().maxCoeff() <= settings_.tolerance; }
    int iterations() const { return iteration_; }
    int evaluations() const { return evaluations_; }
    int refinements() const { return refinements_; }
    /// Whether a stall made the Jacobian's finite differences noise-matched.
    bool noise_matched_differences() const { return noise_matched_; }
    const Matrix& jacobian() const { return jacobian_; }
    const Vector& unknowns() const { return u_; }
    const Evaluation& current() const { return current_; }

private:
    enum class Step { full, damped, none };

    Evaluation evaluate(const Vector& u) {
        ++evaluations_;
        return problem_.evaluate(u);
    }
    double merit(const Vector& r) const { return r.cwiseProduct(problem_.weights).norm(); }

    /// No descent even with a fresh Jacobian. At the noise floor: evaluate more accurately. Above
    /// it: retake the Jacobian over the noise-matched step, once (later Jacobians keep it). False
    /// when neither applies: the iteration has stalled.
    bool remedy_stall() {
        if (at_noise_floor()) return refine();
        if (noise_matched_ || noise_matched_fraction() <= settings_.finite_difference_fraction) return false;
        noise_matched_ = true;
        return true;
    }
    bool at_noise_floor() const { return current_.residual.cwiseAbs().maxCoeff() <= settings_.refine_below; }
    double noise_matched_fraction() const { return std::sqrt(problem_.relative_noise()); }
    double difference_fraction() const {
        return noise_matched_ ? std::max(settings_.finite_difference_fraction, noise_matched_fraction())
                              : settings_.finite_difference_fraction;
    }

    /// At the noise floor: evaluate more accurately and start again from the same unknowns.
    bool refine() {
        if (!problem_.refine()) return false;
        const Evaluation e = evaluate(u_);
        if (!e.ok()) return false;
        ++refinements_;
        current_ = e;
        return true;
    }

    bool finite_difference_jacobian() {
        for (int j = 0; j < N; ++j) {
            Vector shifted = u_;
            const double h = difference_fraction() * typical_size_[j];
            shifted[j] += h;
            const Evaluation e = evaluate(shifted);
            if (!e.ok()) return false;
            jacobian_.col(j) = (e.residual - current_.residual) / h;
        }
        return true;
    }

    /// A Newton step with backtracking; a stale (Broyden) Jacobian gets no damping, it is
    /// refreshed first.
    Step newton_step(bool jacobian_fresh) {
        const Eigen::FullPivLU<Matrix> lu(jacobian_);
        if (!lu.isInvertible()) return Step::none;
        const Vector direction = lu.solve(-current_.residual);
        const double merit_now = merit(current_.residual);
        double lambda = 1.0;
        for (int halving = 0; halving < settings_.max_step_halvings; ++halving, lambda *= 0.5) {
            Vector trial = u_ + lambda * direction;
            problem_.project(trial);
            const Evaluation e = evaluate(trial);
            if (e.ok() && merit(e.residual) < (1.0 - settings_.sufficient_decrease * lambda) * merit_now) {
                broyden_update(trial, e);
                return lambda == 1.0 ? Step::full : Step::damped;
            }
            if (!jacobian_fresh) break;
        }
        return Step::none;
    }

    /// Rank-one update J += (dr - J du) du^T / |du|^2 (Broyden 1965), then accept the step.
    void broyden_update(const Vector& trial, const Evaluation& e) {
        const Vector du = trial - u_, dr = e.residual - current_.residual;
        jacobian_ += (dr - jacobian_ * du) * du.transpose() / du.squaredNorm();
        u_ = trial;
        current_ = e;
    }

    Problem& problem_;
    const Vector typical_size_;
    const NewtonBroydenSettings settings_;
    Vector u_ = Vector::Zero();
    Evaluation current_{};
    Matrix jacobian_ = Matrix::Zero();
    int iteration_ = 0, evaluations_ = 0, refinements_ = 0;
    bool noise_matched_ = false;
};

}  // namespace kneeload
