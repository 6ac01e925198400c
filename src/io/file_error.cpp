/// @file io/file_error.cpp
#include "kneeload/io/file_error.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace kneeload::io {

FileError::FileError(const std::string& what, const std::string& path, int error_number)
    : std::runtime_error(what + " '" + path + "': " + std::strerror(error_number)),
      path_(path),
      error_number_(error_number) {}

namespace {
/// The file `path` names: the target of a symbolic link that resolves, else `path` itself.
std::string resolved_target(const std::string& path) {
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return path;
    std::unique_ptr<char, decltype(&std::free)> resolved(::realpath(path.c_str(), nullptr), &std::free);
    return resolved ? std::string(resolved.get()) : path;
}
}  // namespace

bool is_special_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

std::string create_temporary_beside(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
        throw FileError("cannot write the output file", path, EISDIR);
    if (is_special_file(path))
        throw FileError("cannot write the output file (a device or pipe, not a regular file)", path, EINVAL);
    const std::string suffix = ".tmp";
    std::string pattern = resolved_target(path) + ".XXXXXX" + suffix;
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const int fd = ::mkstemps(buffer.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw FileError("cannot create a temporary file beside", path, errno);
    // mkstemps creates the file for its owner only; give it the mode a new file gets (umask).
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, static_cast<mode_t>(0666 & ~mask));
    ::close(fd);
    return std::string(buffer.data());
}

void commit_temporary(const std::string& temporary, const std::string& path) {
    if (std::rename(temporary.c_str(), resolved_target(path).c_str()) != 0) {
        const int error = errno;
        std::remove(temporary.c_str());
        throw FileError("cannot rename the temporary file to", path, error);
    }
}

}  // namespace kneeload::io
