#pragma once
/// @file io/hdf5.hpp
/// HDF5 output of a sweep (compiled in src/io/hdf5.cpp), in the layout of sweep/layout.hpp,
/// readable by xarray as a NetCDF4 dataset (`xarray.open_dataset(path, engine="h5netcdf")`):
/// dimensions as HDF5 dimension scales with their coordinates (a choice axis as strings), every
/// variable with `units` and `long_name`, `status` with `flag_values`/`flag_meanings`, `reason`
/// as fixed-width (256 bytes) compressed UTF-8 strings so that xarray reads it lazily, and the
/// fixed parameters as numeric or string attributes. The file is written under a unique
/// temporary name and renamed to `path` only once complete, so an interrupted or failed sweep
/// never leaves a truncated file under the final name (a file already there stays as it was).

#include <memory>
#include <string>

#include "kneeload/io/file_error.hpp"
#include "kneeload/sweep/layout.hpp"

namespace kneeload::io {

class SweepFileWriter : public SweepSink {
public:
    /// Checks `path` and creates the temporary file with every variable sized for the sweep.
    /// Throws InvalidParameter for a sweep without axes, FileError when the file cannot be made.
    SweepFileWriter(const std::string& path, const SweepSpec& spec, std::size_t curve_points = 0,
                    const Attributes& extra_attributes = {});
    SweepFileWriter(const SweepFileWriter&) = delete;
    SweepFileWriter& operator=(const SweepFileWriter&) = delete;
    /// Removes the temporary file unless commit() succeeded.
    ~SweepFileWriter() override;

    /// Writes one chunk (any flat range of conditions).
    void write(const SweepChunk& chunk) override;
    /// Closes the file and renames it to its final name; throws FileError when a condition
    /// was never written or the file cannot be completed.
    void commit();
    /// Closes and removes the temporary file now (what the destructor does unless committed).
    void discard() noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Runs the sweep and writes it to `path`. Returns the number of ok conditions.
std::size_t write_sweep_hdf5(const std::string& path, const SweepSpec& spec, const SweepOptions& options,
                             const Attributes& extra_attributes = {});

}  // namespace kneeload::io
