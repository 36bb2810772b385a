// libgit2 behind a small interface: open the repository, resolve a ref, list the files of a folder.
#include "core/run/git_tree.h"

#include <git2.h>

#include <algorithm>
#include <filesystem>

namespace shiftway::run {
namespace fs = std::filesystem;
namespace {

std::string LastGitError() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

// libgit2 wants an existing path to start its search from; a location that does not exist yet
// still belongs to the repository its nearest existing parent is in.
std::string ExistingAncestor(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::absolute(path, ec);
  while (!p.empty() && !fs::exists(p, ec)) {
    if (p == p.parent_path()) break;
    p = p.parent_path();
  }
  return p.string();
}

std::string Canonical(const std::string& path) {
  std::error_code ec;
  std::string out = fs::weakly_canonical(path, ec).generic_string();
  if (ec) out = path;
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// git_libgit2_init is reference counted; one guard per open repository keeps it balanced.
struct LibGit2 {
  LibGit2() { git_libgit2_init(); }
  ~LibGit2() { git_libgit2_shutdown(); }
};

}  // namespace

struct GitTree::Handles {
  LibGit2 lib;
  git_repository* repo = nullptr;
  git_tree* tree = nullptr;
  ~Handles() {
    if (tree) git_tree_free(tree);
    if (repo) git_repository_free(repo);
  }
};

GitTree::~GitTree() = default;

Result<std::unique_ptr<GitTree>> GitTree::Open(const std::string& path, const std::string& ref) {
  std::unique_ptr<GitTree> t(new GitTree());
  t->h_ = std::make_unique<Handles>();
  const std::string start = ExistingAncestor(path);
  if (git_repository_open_ext(&t->h_->repo, start.c_str(), 0, nullptr) != 0) {
    return Fail(
        Error(ErrorCode::kUsage,
              "--against git:" + ref + " needs a git repository, but " + path + " is not inside one")
            .Hint("run lint in a clone of the repository, or mark the boundary with --since VERSION or "
                  "--against-db"));
  }
  git_repository* repo = t->h_->repo;
  const char* workdir = git_repository_workdir(repo);
  if (git_repository_is_bare(repo) || !workdir) {
    return Fail(
        Error(ErrorCode::kUsage,
              "--against git:" + ref + " needs a work tree, but the repository at " + start + " is bare")
            .Hint("run lint in a clone with a checkout"));
  }
  t->work_tree_ = Canonical(workdir);

  git_object* obj = nullptr;
  if (git_revparse_single(&obj, repo, ref.c_str()) != 0) {
    const std::string why = LastGitError();
    if (git_repository_is_shallow(repo) == 1) {
      return Fail(
          Error(ErrorCode::kUsage, "git ref '" + ref + "' is not in this shallow clone of " + t->work_tree_)
              .Note("libgit2: " + why)
              .Hint("fetch the full history with `git fetch --unshallow --tags`, or just the ref with "
                    "`git fetch origin tag " +
                    ref +
                    "` (GitHub Actions: actions/checkout with "
                    "fetch-depth: 0)"));
    }
    return Fail(Error(ErrorCode::kUsage, "unknown git ref '" + ref + "' in " + t->work_tree_)
                    .Note("libgit2: " + why)
                    .Hint("check the name with `git tag` or `git branch -a`; a CI checkout may need "
                          "`git fetch --tags` first"));
  }
  git_object* commit = nullptr;
  int rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
  git_object_free(obj);
  if (rc != 0) {
    return Fail(Error(ErrorCode::kUsage, "git ref '" + ref + "' does not name a commit: " + LastGitError())
                    .Hint("give a tag, a branch or a commit"));
  }
  char id[12];
  git_oid_tostr(id, sizeof id, git_object_id(commit));
  t->commit_ = id;
  rc = git_commit_tree(&t->h_->tree, reinterpret_cast<git_commit*>(commit));
  git_object_free(commit);
  if (rc != 0) {
    return Fail(Error(ErrorCode::kConfig, "cannot read the tree of git ref '" + ref + "': " + LastGitError())
                    .Hint("check the repository with `git fsck`"));
  }
  return t;
}

Result<std::vector<GitFile>> GitTree::Files(const std::string& dir) const {
  std::vector<GitFile> out;
  git_repository* repo = h_->repo;
  git_tree* sub = nullptr;
  if (dir.empty() || dir == ".") {
    if (git_tree_dup(&sub, h_->tree) != 0)
      return Fail(ErrorCode::kInternal, "git_tree_dup: " + LastGitError());
  } else {
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, h_->tree, dir.c_str()) != 0) return out;  // not there at the ref
    const bool is_tree = git_tree_entry_type(entry) == GIT_OBJECT_TREE;
    int rc = is_tree ? git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) : 0;
    git_tree_entry_free(entry);
    if (!is_tree) return out;
    if (rc != 0) return Fail(ErrorCode::kConfig, "cannot read " + dir + " from git: " + LastGitError());
  }
  struct Walk {
    git_repository* repo;
    std::string prefix;
    std::vector<GitFile>* out;
    std::string error;
  } walk{repo, dir.empty() || dir == "." ? "" : dir + "/", &out, ""};
  auto visit = [](const char* root, const git_tree_entry* entry, void* payload) -> int {
    auto* w = static_cast<Walk*>(payload);
    git_filemode_t mode = git_tree_entry_filemode(entry);
    // Symlinks and submodules are not migration files.
    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) return 0;
    git_blob* blob = nullptr;
    if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(entry)) != 0) {
      w->error = LastGitError();
      return -1;
    }
    const char* data = static_cast<const char*>(git_blob_rawcontent(blob));
    w->out->push_back({w->prefix + root + git_tree_entry_name(entry),
                       std::string(data, static_cast<size_t>(git_blob_rawsize(blob)))});
    git_blob_free(blob);
    return 0;
  };
  int rc = git_tree_walk(sub, GIT_TREEWALK_PRE, visit, &walk);
  git_tree_free(sub);
  if (rc != 0) return Fail(ErrorCode::kConfig, "cannot read " + dir + " from git: " + walk.error);
  std::sort(out.begin(), out.end(), [](const GitFile& a, const GitFile& b) { return a.path < b.path; });
  return out;
}

std::string FindWorkTree(const std::string& path) {
  const std::string start = ExistingAncestor(path);
  // Starting libgit2 reads the system's whole TLS certificate bundle, which costs more than
  // linting a small release; with no .git above the path there is no work tree to find.
  bool dot_git = false;
  std::error_code ec;
  for (fs::path dir = fs::absolute(start, ec); !dot_git; dir = dir.parent_path()) {
    dot_git = ec || fs::exists(dir / ".git", ec) || ec;  // when unsure, ask libgit2
    if (dir == dir.parent_path()) break;
  }
  if (!dot_git) return "";
  LibGit2 lib;
  git_repository* repo = nullptr;
  if (git_repository_open_ext(&repo, start.c_str(), 0, nullptr) != 0) return "";
  const char* workdir = git_repository_workdir(repo);
  std::string out = workdir && !git_repository_is_bare(repo) ? Canonical(workdir) : "";
  git_repository_free(repo);
  return out;
}

}  // namespace shiftway::run
