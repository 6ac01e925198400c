/// @file hdf5.cpp
/// HDF5 writer of sweeps, with HDF5 dimension scales so that h5netcdf/xarray see the swept
/// axes as dimensions. Uses the HDF5 C API (libhdf5-dev).

#include "kneeload/io/hdf5.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "kneeload/version.hpp"

namespace kneeload::io {

namespace {

void check(herr_t status, const char* what) {
    if (status < 0) throw std::runtime_error(std::string("HDF5 error: ") + what);
}
hid_t check_id(hid_t id, const char* what) {
    if (id < 0) throw std::runtime_error(std::string("HDF5 error: ") + what);
    return id;
}

/// An HDF5 identifier closed by the right function when it goes out of scope.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept {
        reset();
        id_ = o.id_;
        close_ = o.close_;
        o.id_ = -1;
        return *this;
    }
    ~Handle() { reset(); }
    hid_t get() const { return id_; }
    void reset() {
        if (id_ >= 0 && close_) close_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    herr_t (*close_)(hid_t) = nullptr;
};

/// Width of the fixed-length `reason` strings [bytes]. Fixed-length (not variable-length)
/// strings let xarray read the variable lazily; longer reasons are cut at this width.
constexpr std::size_t reason_width = 256;

Handle fixed_string_type() {
    Handle t(check_id(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    check(H5Tset_size(t.get(), reason_width), "string size");
    check(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "string padding");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "string charset");
    return t;
}

Handle string_type() {
    Handle t(check_id(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    check(H5Tset_size(t.get(), H5T_VARIABLE), "string size");
    check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "string charset");
    return t;
}

void write_string_attribute(hid_t object, const std::string& name, const std::string& value) {
    Handle type = string_type();
    Handle space(check_id(H5Screate(H5S_SCALAR), "scalar space"), H5Sclose);
    Handle attribute(check_id(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                              "attribute"),
                     H5Aclose);
    const char* text = value.c_str();
    check(H5Awrite(attribute.get(), type.get(), &text), "attribute write");
}

std::string format(double x) {
    std::ostringstream s;
    s.precision(17);
    s << x;
    return s.str();
}

/// Selects the flat (row-major) index range [begin, end) of a dataspace as a union of
/// hyperslabs: at each position, the largest block aligned there that fits.
void select_flat_range(hid_t space, const std::vector<hsize_t>& dims, std::size_t begin, std::size_t end) {
    const std::size_t rank = dims.size();
    std::vector<hsize_t> stride(rank, 1);  // elements per step of dimension k
    for (std::size_t k = rank - 1; k-- > 0;) stride[k] = stride[k + 1] * dims[k + 1];
    check(H5Sselect_none(space), "select none");
    std::size_t position = begin;
    while (position < end) {
        std::vector<hsize_t> start(rank), count(rank, 1);
        std::size_t rest = position;
        for (std::size_t k = 0; k < rank; ++k) {
            start[k] = rest / stride[k];
            rest %= stride[k];
        }
        for (std::size_t k = 0; k < rank; ++k) {
            if (position % stride[k] != 0) continue;  // not aligned: deeper dims not at zero
            const hsize_t fits = std::min<hsize_t>((end - position) / stride[k], dims[k] - start[k]);
            if (fits == 0) continue;
            count[k] = fits;
            for (std::size_t d = k + 1; d < rank; ++d) count[d] = dims[d];
            check(H5Sselect_hyperslab(space, H5S_SELECT_OR, start.data(), nullptr, count.data(), nullptr),
                  "hyperslab");
            position += fits * stride[k];
            break;
        }
    }
}

}  // namespace

struct SweepFileWriter::Impl {
    std::string path, temporary;
    bool committed = false;
    std::vector<hsize_t> dims;
    Handle file;
    std::vector<Handle> metric_datasets;
    std::vector<std::size_t> metric_index;  ///< position in for_each_metric of each dataset
    Handle status_dataset, reason_dataset;

    /// @param compressed chunked with deflate (for the mostly empty `reason` strings)
    Handle create_variable(const char* name, hid_t type, const char* units, const std::vector<Handle>& scales,
                           bool compressed = false) {
        Handle space(check_id(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "space"),
                     H5Sclose);
        Handle properties(check_id(H5Pcreate(H5P_DATASET_CREATE), "dataset properties"), H5Pclose);
        if (compressed) {
            // Chunks of ~4096 elements, filled from the last (fastest) dimension backward.
            std::vector<hsize_t> chunk(dims.size(), 1);
            hsize_t elements = 1;
            for (std::size_t k = dims.size(); k-- > 0 && elements < 4096;) {
                chunk[k] = std::max<hsize_t>(1, std::min<hsize_t>(dims[k], 4096 / elements));
                elements *= chunk[k];
            }
            check(H5Pset_chunk(properties.get(), static_cast<int>(chunk.size()), chunk.data()), "chunk");
            check(H5Pset_deflate(properties.get(), 1), "deflate");
        }
        Handle dataset(
            check_id(H5Dcreate2(file.get(), name, type, space.get(), H5P_DEFAULT, properties.get(), H5P_DEFAULT), name),
            H5Dclose);
        if (units) write_string_attribute(dataset.get(), "units", units);
        for (std::size_t k = 0; k < scales.size(); ++k)
            check(H5DSattach_scale(dataset.get(), scales[k].get(), static_cast<unsigned>(k)), "attach scale");
        return dataset;
    }
};

SweepFileWriter::SweepFileWriter(const std::string& path, const SweepSpec& spec, const Attributes& extra)
    : impl_(std::make_unique<Impl>()) {
    validate(spec);
    if (spec.axes.empty())
        throw InvalidParameter("sweep.axes", 0.0, "at least one swept axis for HDF5 output (count given)");
    try {
        create(path, spec, extra);
    } catch (...) {
        // The destructor does not run for a constructor that throws: remove the temporary here.
        impl_->metric_datasets.clear();
        impl_->status_dataset.reset();
        impl_->reason_dataset.reset();
        impl_->file.reset();
        std::remove((path + ".tmp").c_str());
        throw;
    }
}

void SweepFileWriter::create(const std::string& path, const SweepSpec& spec, const Attributes& extra) {
    Impl& w = *impl_;
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by exceptions, not printed
    w.path = path;
    w.temporary = path + ".tmp";
    for (std::size_t n : spec.shape()) w.dims.push_back(n);
    w.file = Handle(H5Fcreate(w.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
    if (w.file.get() < 0) throw std::runtime_error("cannot create HDF5 file '" + w.temporary + "'");

    auto units_of = [](const std::string& name) -> const char* {
        for (const auto& p : parameter_list())
            if (name == p.name) return p.unit;
        return "1";
    };
    // Dimension scales: the swept axes (grid) or the condition index (list).
    std::vector<Handle> scales;
    auto make_scale = [&](const std::string& name, const std::vector<double>& values, const char* units) {
        const hsize_t n = values.size();
        Handle space(check_id(H5Screate_simple(1, &n, nullptr), "space"), H5Sclose);
        Handle ds(check_id(H5Dcreate2(w.file.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                                      H5P_DEFAULT),
                           "scale"),
                  H5Dclose);
        check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "scale write");
        check(H5DSset_scale(ds.get(), name.c_str()), "set scale");
        write_string_attribute(ds.get(), "units", units);
        return ds;
    };
    if (spec.is_grid()) {
        for (const auto& axis : spec.axes) scales.push_back(make_scale(axis.name, axis.values, units_of(axis.name)));
    } else {
        std::vector<double> index(spec.points.size());
        for (std::size_t i = 0; i < index.size(); ++i) index[i] = static_cast<double>(i);
        scales.push_back(make_scale("condition", index, "1"));
        // The axes become variables along "condition".
        for (std::size_t k = 0; k < spec.axes.size(); ++k) {
            Handle ds = w.create_variable(spec.axes[k].name.c_str(), H5T_IEEE_F64LE, units_of(spec.axes[k].name), scales);
            std::vector<double> column(spec.points.size());
            for (std::size_t i = 0; i < column.size(); ++i) column[i] = spec.points[i][k];
            check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, column.data()), "axis write");
        }
    }
    // A metric that is also a swept axis (e.g. speed_m_per_s) is that axis' coordinate.
    std::size_t index = 0;
    for_each_metric(StepMetrics{}, [&](const char* name, const char* unit, double) {
        bool is_axis = false;
        for (const auto& axis : spec.axes) is_axis = is_axis || axis.name == name;
        if (!is_axis) {
            w.metric_datasets.push_back(w.create_variable(name, H5T_IEEE_F64LE, unit, scales));
            w.metric_index.push_back(index);
        }
        ++index;
    });
    w.status_dataset = w.create_variable("status", H5T_STD_I32LE, nullptr, scales);
    write_string_attribute(w.status_dataset.get(), "flag_values", "0 1 2");
    write_string_attribute(w.status_dataset.get(), "flag_meanings", "ok no_periodic_gait invalid_input");
    Handle text = fixed_string_type();
    w.reason_dataset = w.create_variable("reason", text.get(), nullptr, scales, true);
    write_string_attribute(w.reason_dataset.get(), "_Encoding", "utf-8");

    write_string_attribute(w.file.get(), "title", "kneeload sweep");
    write_string_attribute(w.file.get(), "kneeload_version", version_string);
    for (const auto& [key, value] : describe_condition(spec.base)) write_string_attribute(w.file.get(), key, value);
    for (const auto& [key, value] : extra) write_string_attribute(w.file.get(), key, value);
}

SweepFileWriter::~SweepFileWriter() {
    if (!impl_ || impl_->committed) return;
    impl_->metric_datasets.clear();
    impl_->status_dataset.reset();
    impl_->reason_dataset.reset();
    impl_->file.reset();
    std::remove(impl_->temporary.c_str());
}

void SweepFileWriter::write(const SweepChunk& chunk) {
    Impl& w = *impl_;
    const hsize_t n = chunk.size();
    Handle memory(check_id(H5Screate_simple(1, &n, nullptr), "memory space"), H5Sclose);
    Handle file_space(check_id(H5Screate_simple(static_cast<int>(w.dims.size()), w.dims.data(), nullptr), "file space"),
                      H5Sclose);
    select_flat_range(file_space.get(), w.dims, chunk.begin, chunk.end);
    for (std::size_t m = 0; m < w.metric_datasets.size(); ++m)
        check(H5Dwrite(w.metric_datasets[m].get(), H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT,
                       chunk.metrics.data() + w.metric_index[m] * n),
              "metric write");
    check(H5Dwrite(w.status_dataset.get(), H5T_NATIVE_INT, memory.get(), file_space.get(), H5P_DEFAULT,
                   chunk.status.data()),
          "status write");
    std::vector<char> reasons(n * reason_width, '\0');
    for (std::size_t j = 0; j < n; ++j)
        chunk.reason[j].copy(reasons.data() + j * reason_width, std::min(reason_width, chunk.reason[j].size()));
    Handle text = fixed_string_type();
    check(H5Dwrite(w.reason_dataset.get(), text.get(), memory.get(), file_space.get(), H5P_DEFAULT, reasons.data()),
          "reason write");
}

void SweepFileWriter::commit() {
    Impl& w = *impl_;
    w.metric_datasets.clear();
    w.status_dataset.reset();
    w.reason_dataset.reset();
    check(H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL), "flush");
    w.file.reset();
    if (std::rename(w.temporary.c_str(), w.path.c_str()) != 0)
        throw std::runtime_error("cannot rename '" + w.temporary + "' to '" + w.path + "'");
    w.committed = true;
}

std::size_t write_sweep_hdf5(const std::string& path, const SweepSpec& spec, const SweepOptions& options,
                             const Attributes& extra_attributes) {
    SweepFileWriter writer(path, spec, extra_attributes);
    std::size_t ok = 0;
    run_sweep(spec, options, [&](const SweepChunk& chunk) {
        writer.write(chunk);
        for (int s : chunk.status) ok += s == 0;
    });
    writer.commit();
    return ok;
}

Attributes describe_condition(const Condition& c) {
    const ModelParameters& p = c.model;
    Attributes a = {
        {"foot_strike", to_string(p.foot_strike.pattern)},
        {"shoe_law", to_string(p.shoe.law)},
        {"contact_area_curve", to_string(p.patellofemoral.contact_area_curve)},
        {"closure", to_string(c.closure.kind)},
    };
    // Fixed values of every named parameter (the swept ones are overridden per condition).
    auto add = [&](const char* name, double value) { a.emplace_back(std::string("fixed_") + name, format(value)); };
    add("body_mass_kg", p.runner.body_mass_kg);
    add("height_m", p.runner.height_m);
    add("lower_limb_mass_fraction", p.runner.lower_limb_mass_fraction);
    add("soft_tissue_damping_s_per_m", p.runner.soft_tissue_damping_s_per_m);
    add("heel_pad_stiffness_n_per_m", p.runner.heel_pad.stiffness_n_per_m);
    add("shoe_stiffness_n_per_m", p.shoe.stiffness_n_per_m);
    add("shoe_reference_compression_m", p.shoe.reference_compression_m);
    add("shoe_stiffening_exponent", p.shoe.stiffening_exponent);
    add("shoe_hunt_crossley_damping_s_per_m", p.shoe.hunt_crossley_damping_s_per_m);
    add("shoe_kelvin_voigt_damping_n_s_per_m", p.shoe.kelvin_voigt_damping_n_s_per_m);
    add("shoe_wear_km", p.shoe.wear_km);
    add("surface_stiffness_n_per_m", p.surface.stiffness_n_per_m);
    add("foot_contact_from_ankle_per_foot_length", p.foot_strike.contact_from_ankle_per_foot_length);
    add("cop_travel_per_foot_length", p.foot_strike.cop_travel_per_foot_length);
    add("lower_limb_touchdown_speed_m_per_s", p.foot_strike.lower_limb_touchdown_speed_m_per_s);
    add("ankle_stiffness_n_m_per_deg", p.foot_strike.ankle_stiffness_n_m_per_deg);
    add("knee_touchdown_flexion_deg", p.knee.touchdown_flexion_deg);
    add("knee_share_of_leg_compression", p.knee.knee_share_of_leg_compression);
    add("relative_tolerance", p.numerics.relative_tolerance);
    add("absolute_tolerance", p.numerics.absolute_tolerance);
    if (c.closure.kind != ClosureKind::empirical) add("closure_value", c.closure.value);
    if (c.target.speed_m_per_s) add("speed_m_per_s", *c.target.speed_m_per_s);
    if (c.target.cadence_steps_per_min) add("cadence_steps_per_min", *c.target.cadence_steps_per_min);
    if (c.target.step_length_m) add("step_length_m", *c.target.step_length_m);
    if (c.cadence_ratio) add("cadence_ratio", *c.cadence_ratio);
    return a;
}

}  // namespace kneeload::io
