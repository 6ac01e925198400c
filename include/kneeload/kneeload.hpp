#pragma once
/// @file kneeload.hpp
/// Umbrella header: the whole core (not the compiled writers in io/).
///
/// Layers, one folder each, data flowing downward only (nothing includes a layer above it):
///   parameters/  inputs, their defaults and sources, the registry (validation, names)
///   model/       contact stack, stance dynamics, knee geometry, PFJ, spring-mass relations
///   integrate/   event-exact stance integration (Boost.Odeint), closed-form flight
///   gait/        gait kinematics, closures, first guess, periodic-gait solver
///   metrics/     outputs at one instant, time series, per-step metrics, one full step
///   sweep/       one condition end to end, sweep specs, the parallel engine, dataset layout
///   io/          CSV and HDF5 writers (library kneeload::io)

#include "kneeload/gait/solver.hpp"
#include "kneeload/integrate/flight.hpp"
#include "kneeload/integrate/stance.hpp"
#include "kneeload/metrics/outputs.hpp"
#include "kneeload/metrics/stance_metrics.hpp"
#include "kneeload/metrics/step.hpp"
#include "kneeload/model/patellofemoral.hpp"
#include "kneeload/model/spring_mass_relations.hpp"
#include "kneeload/parameters/registry.hpp"
#include "kneeload/sweep/chains.hpp"
#include "kneeload/sweep/engine.hpp"
#include "kneeload/sweep/evaluate.hpp"
#include "kneeload/sweep/layout.hpp"
#include "kneeload/version.hpp"
