-- Which `codepilot` to run: the server of the offline bundle this plugin came in (BUNDLE/server, beside
-- BUNDLE/nvim), else `codepilot` on PATH, else ~/.dotnet/tools/codepilot. A server that cannot run here
-- (another platform's bundle, no execute permission) is an error that says so, never a silent nothing.
local M = {}

local windows = vim.fn.has('win32') == 1
local exe = windows and 'codepilot.exe' or 'codepilot'

--- This plugin's own folder (the one holding lua/ and plugin/).
function M.plugin_root()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  return vim.fn.fnamemodify(source, ':p:h:h:h')
end

--- The running machine as a .NET runtime identifier (linux-x64, osx-arm64, win-x64, ...).
function M.platform()
  local uname = (vim.loop or vim.uv).os_uname()
  local os_name = ({ Linux = 'linux', Darwin = 'osx', Windows_NT = 'win' })[uname.sysname] or uname.sysname:lower()
  local arch = ({ x86_64 = 'x64', AMD64 = 'x64', aarch64 = 'arm64', arm64 = 'arm64', ARM64 = 'arm64' })[uname.machine] or uname.machine
  return os_name .. '-' .. arch
end

--- The bundle's server path, or nil when the plugin was not installed from a bundle.
function M.bundled()
  local path = vim.fn.fnamemodify(M.plugin_root(), ':h') .. '/server/' .. exe
  return vim.fn.filereadable(path) == 1 and path or nil
end

--- Why the server at `path` cannot run here, or nil when it can: its bundle's platform.json names another
--- platform, or it is not executable.
function M.problem(path)
  local manifest = vim.fn.fnamemodify(path, ':h') .. '/platform.json'
  if vim.fn.filereadable(manifest) == 1 then
    local ok, info = pcall(vim.fn.json_decode, table.concat(vim.fn.readfile(manifest), '\n'))
    if ok and type(info) == 'table' and info.platform and info.platform ~= M.platform() then
      return string.format('the CodePilot server at %s is built for %s, but this machine is %s: unpack codepilot-%s-%s instead',
        path, info.platform, M.platform(), info.version or 'VERSION', M.platform())
    end
  end
  if vim.fn.executable(path) ~= 1 then
    return string.format('the CodePilot server at %s is not executable (chmod +x %s)', path, path)
  end
  return nil
end

--- The command that starts the server ({path, 'serve'}), or nil and the reason none can be started.
function M.find()
  local bundled = M.bundled()
  if bundled then
    local problem = M.problem(bundled)
    if problem then
      return nil, problem
    end
    return { bundled, 'serve' }
  end
  if vim.fn.executable(exe) == 1 then
    return { exe, 'serve' }
  end
  local tool = vim.fn.expand('~/.dotnet/tools/' .. exe)
  if vim.fn.executable(tool) == 1 then
    return { tool, 'serve' }
  end
  return nil, 'the CodePilot server (codepilot) was not found: unpack the offline bundle for ' .. M.platform()
    .. ' and load its nvim/ folder, put codepilot on PATH (dotnet tool install --global CodePilotLocal), or set cmd in setup{}'
end

return M
