#pragma once
/// @file io/file_error.hpp
/// The one exception type of the writers (OSError in Python), and the temporary-file
/// discipline they share: write to a unique temporary name in the target directory, rename to
/// the final name only when complete.

#include <stdexcept>
#include <string>

namespace kneeload::io {

/// A file could not be created, written or renamed; the message names the path and the cause.
class FileError : public std::runtime_error {
public:
    FileError(const std::string& what, const std::string& path, int error_number);
    const std::string& path() const noexcept { return path_; }
    int error_number() const noexcept { return error_number_; }

private:
    std::string path_;
    int error_number_;
};

/// Whether `path` is an existing device, pipe or socket (/dev/stdout, /dev/full, a FIFO): a
/// writer writes into it directly, as there is no file to replace (renaming a temporary file
/// over it would put a regular file in the device's place).
bool is_special_file(const std::string& path);

/// A unique temporary path ("<path>.<random>.tmp", created empty with O_EXCL by mkstemps, so
/// two writers to the same name never share or remove each other's) in the directory of the
/// file `path` names (through a symbolic link: beside the file it points to). Checks the
/// target before any work: throws FileError when `path` is a directory, a device or pipe, or
/// its directory is missing, read-only or not writable.
std::string create_temporary_beside(const std::string& path);

/// Renames `temporary` to `path` (atomic within a file system; a symbolic link `path` keeps
/// pointing to the new file); removes `temporary` and throws FileError when it cannot.
void commit_temporary(const std::string& temporary, const std::string& path);

}  // namespace kneeload::io
