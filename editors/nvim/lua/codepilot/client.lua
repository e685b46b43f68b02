-- The LSP client of `codepilot serve`: one per workspace root, started with Neovim's built-in client
-- (vim.lsp.start_client + buf_attach_client, so that Neovim 0.7 works too).
local config = require('codepilot.config')

local M = {}

local clients = {} -- root -> client id
M.progress = {} -- token -> latest $/progress value
M.messages = {} -- the server's last window/logMessage and showMessage texts
local progress_listeners = {} -- token -> function(value)

local function root_of(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local git = vim.fn.finddir('.git', dir .. ';')
  if git ~= '' then
    return vim.fn.fnamemodify(git, ':p:h:h')
  end
  return dir
end

local function remember_message(message)
  table.insert(M.messages, message)
  if #M.messages > 50 then
    table.remove(M.messages, 1)
  end
end

local function on_progress(err, result, ctx, cfg)
  if result and result.token ~= nil then
    local token = tostring(result.token)
    M.progress[token] = result.value
    local listener = progress_listeners[token]
    if listener then
      listener(result.value)
      return
    end
    if result.value and result.value.kind == 'end' and result.value.message then
      remember_message(result.value.message) -- "Indexed N files ...", for :CodePilotStatus
    end
  end
  local default = vim.lsp.handlers['$/progress']
  if default then
    return default(err, result, ctx, cfg)
  end
end

local function remember(kind)
  return function(err, result, ctx, cfg)
    if result and result.message then
      remember_message(result.message)
    end
    local default = vim.lsp.handlers[kind]
    if kind == 'window/showMessage' and default then
      return default(err, result, ctx, cfg)
    end
  end
end

--- 0 or nil means the current buffer, as in Neovim's API; the plugin keeps state by the real number.
function M.buffer(bufnr)
  return (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
end

--- Calls on_value(value) for each $/progress value on this token (the explain stream).
function M.listen(token, on_value)
  progress_listeners[tostring(token)] = on_value
end

function M.unlisten(token)
  progress_listeners[tostring(token)] = nil
end

--- The client for a buffer's workspace, started on first use and attached to the buffer.
function M.attach(bufnr)
  bufnr = M.buffer(bufnr)
  local root = root_of(bufnr)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    local cmd, problem = config.command()
    if not cmd then
      if not M.reported then
        M.reported = true -- once per session, not on every buffer
        vim.notify('CodePilot: ' .. problem, vim.log.levels.ERROR)
      end
      return nil
    end
    id = vim.lsp.start_client({
      name = 'codepilot',
      cmd = cmd,
      root_dir = root,
      -- Next edits come through codepilot/nextEdit (nextedit.lua), not as inline items with a range.
      init_options = vim.tbl_extend('force', { nextEditInline = false }, config.options.settings),
      capabilities = vim.tbl_deep_extend('force', vim.lsp.protocol.make_client_capabilities(), { window = { workDoneProgress = true } }),
      handlers = {
        ['$/progress'] = on_progress,
        ['window/logMessage'] = remember('window/logMessage'),
        ['window/showMessage'] = remember('window/showMessage'),
      },
    })
    if not id then
      vim.notify('CodePilot: could not start ' .. table.concat(cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return vim.lsp.get_client_by_id(id)
end

--- The codepilot client attached to a buffer, if any.
function M.get(bufnr)
  for _, client in pairs(vim.lsp.get_active_clients()) do
    if client.name == 'codepilot' and vim.lsp.buf_is_attached(bufnr or 0, client.id) then
      return client
    end
  end
  return nil
end

return M
