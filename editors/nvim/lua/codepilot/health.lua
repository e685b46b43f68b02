-- :checkhealth codepilot
local M = {}

function M.check()
  local health = vim.health or require('health')
  local start, ok, warn, error = health.start or health.report_start, health.ok or health.report_ok,
    health.warn or health.report_warn, health.error or health.report_error
  start('codepilot')
  if vim.fn.has('nvim-0.7') == 1 then
    ok('Neovim ' .. tostring(vim.version().major) .. '.' .. tostring(vim.version().minor)
      .. (vim.fn.has('nvim-0.10') == 1 and ' (ghost text drawn inline)' or ' (ghost text at the end of the line; inline needs 0.10)'))
  else
    error('Neovim 0.7 or newer is needed')
  end
  local cmd, problem = require('codepilot.config').command()
  if not cmd then
    error(problem)
  elseif vim.fn.executable(cmd[1]) == 1 then
    ok('server command: ' .. table.concat(cmd, ' '))
  else
    error(cmd[1] .. ' is not executable or not on PATH: set cmd in setup{}')
  end
  local status = require('codepilot').status()
  if status:match('not running') then
    warn(status)
  else
    ok(status)
  end
end

return M
