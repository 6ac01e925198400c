/// @file io/hdf5.cpp
/// HDF5 writer of sweeps in the layout of sweep/layout.hpp, with HDF5 dimension scales so that
/// h5netcdf/xarray see the dimensions. Uses the HDF5 C API (libhdf5-dev).
#include "kneeload/io/hdf5.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <utility>

#include "kneeload/version.hpp"

namespace kneeload::io {

namespace {

/// The HDF5 library is not thread-safe in Debian's build: one writer call at a time. The first
/// call also stops HDF5 from closing its files again at process exit: a file whose close failed
/// (a full disk) stays in HDF5's tables, and HDF5 1.10 crashes closing it at exit; the operating
/// system closes it instead (the writer has already removed its temporary file).
std::mutex& hdf5_mutex() {
    static std::mutex m;
    static const bool no_atexit = (H5dont_atexit(), true);
    (void)no_atexit;
    return m;
}

/// The system error behind the HDF5 error on the stack. HDF5's POSIX file driver writes it into
/// its message ("file write failed: ..., errno = 28, error message = 'No space left on device'");
/// without one, errno (cleared at the start of each writer call, so it is this call's), else EIO.
int hdf5_error_number() {
    int found = 0;
    auto find_errno = [](unsigned, const H5E_error2_t* error, void* data) -> herr_t {
        const char* at = error->desc ? std::strstr(error->desc, "errno = ") : nullptr;
        int& number = *static_cast<int*>(data);
        if (at && number == 0) number = std::atoi(at + std::strlen("errno = "));
        return 0;
    };
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, find_errno, &found);
    if (found > 0) return found;
    return errno ? errno : EIO;
}

[[noreturn]] void fail(const std::string& what, const std::string& path) {
    throw FileError("HDF5 could not " + what + " in", path, hdf5_error_number());
}

/// The CF `history` line of a file written without one: its creation time (UTC) and writer.
std::string default_history() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(stamp) + ": kneeload::io::SweepFileWriter (kneeload " + version_string + ")";
}

bool has_attribute(const Attributes& attributes, std::string_view name) {
    return std::any_of(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == name; });
}

/// An HDF5 identifier closed by the right function when it goes out of scope.
class Handle {
public:
    Handle() = default;
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle& operator=(Handle&& o) noexcept {
        reset();
        std::swap(id_, o.id_);
        close_ = o.close_;
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() { reset(); }
    hid_t get() const { return id_; }
    /// Gives up ownership (the caller closes it).
    hid_t release() { return std::exchange(id_, -1); }
    void reset() {
        if (id_ >= 0 && close_) close_(id_);
        id_ = -1;
    }

private:
    hid_t id_ = -1;
    herr_t (*close_)(hid_t) = nullptr;
};

class Hdf5File {
public:
    explicit Hdf5File(std::string path) : path_(std::move(path)) {}
    const std::string& path() const { return path_; }

    hid_t check(hid_t id, const char* what) const {
        if (id < 0) fail(what, path_);
        return id;
    }
    Handle string_type(std::size_t width) const {
        Handle t(check(H5Tcopy(H5T_C_S1), "make a string type"), H5Tclose);
        check(H5Tset_size(t.get(), width), "size a string type");
        if (width != H5T_VARIABLE) check(H5Tset_strpad(t.get(), H5T_STR_NULLPAD), "pad a string type");
        check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "set a string charset");
        return t;
    }
    Handle space(const std::vector<hsize_t>& dims) const {
        return Handle(check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), "make a dataspace"),
                      H5Sclose);
    }
    void write_attribute(hid_t object, const Attribute& a) const {
        Handle type, space;
        const void* data = nullptr;
        const char* text = nullptr;
        if (const auto* number = std::get_if<double>(&a.value)) {
            type = Handle(check(H5Tcopy(H5T_NATIVE_DOUBLE), "copy a type"), H5Tclose);
            space = Handle(check(H5Screate(H5S_SCALAR), "make a dataspace"), H5Sclose);
            data = number;
        } else if (const auto* string = std::get_if<std::string>(&a.value)) {
            type = string_type(H5T_VARIABLE);
            space = Handle(check(H5Screate(H5S_SCALAR), "make a dataspace"), H5Sclose);
            text = string->c_str();
            data = &text;
        } else {
            const auto& ints = std::get<std::vector<int>>(a.value);
            type = Handle(check(H5Tcopy(H5T_NATIVE_INT), "copy a type"), H5Tclose);
            space = this->space({ints.size()});
            data = ints.data();
        }
        Handle attribute(check(H5Acreate2(object, a.name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                               "add an attribute"),
                         H5Aclose);
        check(H5Awrite(attribute.get(), type.get(), data), "write an attribute");
    }

private:
    std::string path_;
};

/// Selects the flat (row-major) index range [begin, end) of a dataspace as a union of
/// hyperslabs: at each position, the largest block aligned there that fits.
void select_flat_range(const Hdf5File& f, hid_t space, const std::vector<hsize_t>& dims, std::size_t begin,
                       std::size_t end) {
    const std::size_t rank = dims.size();
    std::vector<hsize_t> stride(rank, 1);  // elements per step of dimension k
    for (std::size_t k = rank - 1; k-- > 0;) stride[k] = stride[k + 1] * dims[k + 1];
    f.check(H5Sselect_none(space), "select");
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
            f.check(H5Sselect_hyperslab(space, H5S_SELECT_OR, start.data(), nullptr, count.data(), nullptr), "select");
            position += fits * stride[k];
            break;
        }
    }
}

}  // namespace

struct SweepFileWriter::Impl {
    Hdf5File file_info;
    std::string temporary;
    bool committed = false;
    SweepLayout layout;
    std::vector<hsize_t> condition_dims;  ///< the dimensions of one variable per condition
    std::size_t curve_points = 0;
    std::vector<bool> written;  ///< conditions written so far (completeness check)
    Handle file;
    std::vector<Handle> scales;                                     ///< in layout.dimensions order
    std::vector<std::pair<Handle, const LayoutVariable*>> chunked;  ///< variables written per chunk

    Impl(const std::string& path) : file_info(path) {}

    std::vector<hsize_t> dims_of(const LayoutVariable& v) const {
        std::vector<hsize_t> d;
        for (const auto& name : v.dimensions)
            for (const auto& dim : layout.dimensions)
                if (dim.name == name) d.push_back(dim.size());
        return d;
    }

    void create_scale(const LayoutDimension& d) {
        const bool labelled = !d.labels.empty();
        Handle type = labelled ? file_info.string_type(H5T_VARIABLE)
                               : Handle(file_info.check(H5Tcopy(H5T_IEEE_F64LE), "copy a type"), H5Tclose);
        Handle space = file_info.space({d.size()});
        Handle ds(file_info.check(H5Dcreate2(file.get(), d.name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                             H5P_DEFAULT, H5P_DEFAULT),
                                  "create a dimension"),
                  H5Dclose);
        if (labelled) {
            std::vector<const char*> text;
            for (const auto& label : d.labels) text.push_back(label.c_str());
            file_info.check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()),
                            "write a dimension");
        } else {
            file_info.check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, d.values.data()),
                            "write a dimension");
        }
        file_info.check(H5DSset_scale(ds.get(), d.name.c_str()), "make a dimension scale");
        for (const auto& a : d.attributes) file_info.write_attribute(ds.get(), a);
        scales.push_back(std::move(ds));
    }

    Handle create_variable(const LayoutVariable& v) {
        const std::vector<hsize_t> dims = dims_of(v);
        Handle space = file_info.space(dims);
        Handle properties(file_info.check(H5Pcreate(H5P_DATASET_CREATE), "make dataset properties"), H5Pclose);
        file_info.check(H5Pset_attr_creation_order(properties.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                        "track creation order");
        Handle type;
        if (v.type == LayoutVariable::Type::float64) {
            type = Handle(file_info.check(H5Tcopy(H5T_IEEE_F64LE), "copy a type"), H5Tclose);
        } else if (v.type == LayoutVariable::Type::int32) {
            type = Handle(file_info.check(H5Tcopy(H5T_STD_I32LE), "copy a type"), H5Tclose);
        } else {
            // Variable-length UTF-8 strings, netCDF-4's `string` type (also for `reason`): the
            // netCDF-C library (ncdump, netCDF4-python) hangs on or misreads HDF5 fixed-length
            // strings, and needs no `_Encoding` for these.
            type = file_info.string_type(H5T_VARIABLE);
        }
        Handle ds(file_info.check(H5Dcreate2(file.get(), v.name.c_str(), type.get(), space.get(), H5P_DEFAULT,
                                             properties.get(), H5P_DEFAULT),
                                  "create a variable"),
                  H5Dclose);
        for (const auto& a : v.attributes) file_info.write_attribute(ds.get(), a);
        for (std::size_t k = 0; k < v.dimensions.size(); ++k)
            for (std::size_t d = 0; d < layout.dimensions.size(); ++d)
                if (layout.dimensions[d].name == v.dimensions[k])
                    file_info.check(H5DSattach_scale(ds.get(), scales[d].get(), static_cast<unsigned>(k)),
                                    "attach a dimension");
        return ds;
    }

    /// A list sweep's axis columns, written once at creation.
    void write_axis_column(hid_t ds, const LayoutVariable& v, const SweepSpec& spec) {
        if (v.type == LayoutVariable::Type::float64) {
            const std::vector<double> column = axis_column_values(spec, v.index);
            file_info.check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, column.data()),
                            "write an axis");
            return;
        }
        const std::vector<std::string> labels = axis_column_labels(spec, v.index);
        std::vector<const char*> text;
        for (const auto& label : labels) text.push_back(label.c_str());
        Handle type = file_info.string_type(H5T_VARIABLE);
        file_info.check(H5Dwrite(ds, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, text.data()), "write an axis");
    }

    void create(const SweepSpec& spec, const Attributes& extra) {
        temporary = create_temporary_beside(file_info.path());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors are reported by exceptions, not printed
        const Hdf5File& tmp = file_info;              // errors name the file the user asked for
        // Track creation order, as netCDF-4 does, so readers list variables in registry order.
        Handle creation(tmp.check(H5Pcreate(H5P_FILE_CREATE), "make file properties"), H5Pclose);
        tmp.check(H5Pset_link_creation_order(creation.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                  "track creation order");
        tmp.check(H5Pset_attr_creation_order(creation.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
                  "track creation order");
        file = Handle(
            tmp.check(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, creation.get(), H5P_DEFAULT), "create the file"),
            H5Fclose);
        for (std::size_t n : spec.shape()) condition_dims.push_back(n);
        for (const auto& d : layout.dimensions) create_scale(d);
        for (const auto& v : layout.variables) {
            Handle ds = create_variable(v);
            if (v.source == LayoutVariable::Source::axis)
                write_axis_column(ds.get(), v, spec);
            else
                chunked.emplace_back(std::move(ds), &v);
        }
        for (const auto& a : layout.attributes) file_info.write_attribute(file.get(), a);
        for (const auto& a : extra) file_info.write_attribute(file.get(), a);
        if (!has_attribute(extra, "history")) file_info.write_attribute(file.get(), {"history", default_history()});
    }

    void write_variable(hid_t ds, const LayoutVariable& v, const SweepChunk& chunk) {
        const bool curve = v.source == LayoutVariable::Source::curve;
        const std::size_t per_condition = curve ? curve_points : 1;
        const std::size_t n = chunk.size() * per_condition;
        std::vector<hsize_t> dims = condition_dims;
        if (curve) dims.push_back(curve_points);
        Handle memory = file_info.space({n});
        Handle file_space = file_info.space(dims);
        select_flat_range(file_info, file_space.get(), dims, chunk.begin * per_condition, chunk.end * per_condition);
        switch (v.source) {
            case LayoutVariable::Source::metric:
                file_info.check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT,
                                         chunk.metrics.data() + v.index * chunk.size()),
                                "write a metric");
                break;
            case LayoutVariable::Source::curve:
                file_info.check(H5Dwrite(ds, H5T_NATIVE_DOUBLE, memory.get(), file_space.get(), H5P_DEFAULT,
                                         chunk.curves.data() + v.index * n),
                                "write a stance curve");
                break;
            case LayoutVariable::Source::status:
                file_info.check(
                    H5Dwrite(ds, H5T_NATIVE_INT, memory.get(), file_space.get(), H5P_DEFAULT, chunk.status.data()),
                    "write the status");
                break;
            case LayoutVariable::Source::reason: {
                std::vector<const char*> reasons;
                for (const auto& reason : chunk.reason) reasons.push_back(reason.c_str());
                Handle text = file_info.string_type(H5T_VARIABLE);
                file_info.check(H5Dwrite(ds, text.get(), memory.get(), file_space.get(), H5P_DEFAULT, reasons.data()),
                                "write the reasons");
                break;
            }
            case LayoutVariable::Source::axis:
                break;
        }
    }

    void close_all() {
        chunked.clear();
        scales.clear();
        file.reset();
    }
};

SweepFileWriter::SweepFileWriter(const std::string& path, const SweepSpec& spec, std::size_t curve_points,
                                 const Attributes& extra)
    : impl_(std::make_unique<Impl>(path)) {
    validate(spec);
    if (spec.axes.empty())
        throw InvalidParameter("axes", 0.0, "a sweep written to a file needs at least one swept axis (count given)");
    std::lock_guard<std::mutex> lock(hdf5_mutex());
    errno = 0;
    impl_->layout = sweep_layout(spec, curve_points);
    impl_->curve_points = curve_points;
    impl_->written.assign(spec.size(), false);
    try {
        impl_->create(spec, extra);
    } catch (...) {
        // The destructor does not run for a constructor that throws: remove the temporary here.
        impl_->close_all();
        if (!impl_->temporary.empty()) std::remove(impl_->temporary.c_str());
        throw;
    }
}

SweepFileWriter::~SweepFileWriter() { discard(); }

void SweepFileWriter::discard() noexcept {
    if (!impl_ || impl_->committed || impl_->temporary.empty()) return;
    std::lock_guard<std::mutex> lock(hdf5_mutex());
    impl_->close_all();
    std::remove(impl_->temporary.c_str());
    impl_->temporary.clear();
}

void SweepFileWriter::write(const SweepChunk& chunk) {
    Impl& w = *impl_;
    if (w.temporary.empty() || w.committed)
        throw std::logic_error("write to a sweep file already committed or discarded");
    if (chunk.end > w.written.size() || chunk.curve_points != w.curve_points)
        throw std::invalid_argument("a sweep chunk that does not belong to this file");
    std::lock_guard<std::mutex> lock(hdf5_mutex());
    errno = 0;
    for (auto& [dataset, variable] : w.chunked) w.write_variable(dataset.get(), *variable, chunk);
    std::fill(w.written.begin() + static_cast<std::ptrdiff_t>(chunk.begin),
              w.written.begin() + static_cast<std::ptrdiff_t>(chunk.end), true);
}

void SweepFileWriter::commit() {
    Impl& w = *impl_;
    if (w.temporary.empty() || w.committed)
        throw std::logic_error("commit of a sweep file already committed or discarded");
    const auto missing = std::find(w.written.begin(), w.written.end(), false);
    if (missing != w.written.end())
        throw FileError("incomplete sweep (condition " + std::to_string(missing - w.written.begin()) +
                            " was never written); not committed:",
                        w.file_info.path(), EIO);
    {
        std::lock_guard<std::mutex> lock(hdf5_mutex());
        errno = 0;
        w.chunked.clear();
        w.scales.clear();
        if (H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL) < 0) fail("flush the file", w.file_info.path());
        if (H5Fclose(w.file.release()) < 0) fail("close the file", w.file_info.path());
    }
    commit_temporary(w.temporary, w.file_info.path());
    w.committed = true;
}

std::size_t write_sweep_hdf5(const std::string& path, const SweepSpec& spec, const SweepOptions& options,
                             const Attributes& extra_attributes) {
    SweepFileWriter writer(path, spec, options.stance_curve_points, extra_attributes);
    struct Counting : SweepSink {
        SweepFileWriter& writer;
        std::size_t ok = 0;
        explicit Counting(SweepFileWriter& w) : writer(w) {}
        void write(const SweepChunk& chunk) override {
            writer.write(chunk);
            for (int s : chunk.status) ok += s == 0;
        }
    } sink(writer);
    run_sweep(spec, options, sink);
    writer.commit();
    return sink.ok;
}

}  // namespace kneeload::io
