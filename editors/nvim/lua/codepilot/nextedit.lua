-- Next edit suggestions: after an edit pause the server (codepilot/nextEdit) predicts the edit the user is
-- about to make, possibly away from the cursor. It is previewed as a diff: the text it replaces highlighted,
-- the new lines below as virtual lines. A key jumps to it, another applies it; the next keystroke drops it.
local client = require('codepilot.client')
local config = require('codepilot.config')

local M = {}

M.namespace = vim.api.nvim_create_namespace('codepilot_next_edit')
M.stats = { requests = 0, shown = 0, applied = 0 }

local state = {} -- bufnr -> { request = id, client = lsp, timer = uv timer, tick = changedtick, edits = {...}, off = why }

local function buffer_state(bufnr)
  state[bufnr] = state[bufnr] or {}
  return state[bufnr]
end

--- The next edit shown in a buffer: { edits = { {range, newText}, ... }, tick } or nil.
function M.current(bufnr)
  local s = buffer_state(client.buffer(bufnr))
  return s.edits and { edits = s.edits, tick = s.tick } or nil
end

function M.clear(bufnr)
  bufnr = client.buffer(bufnr)
  local s = buffer_state(bufnr)
  if s.timer then
    s.timer:stop()
  end
  if s.request and s.client then
    s.client.cancel_request(s.request)
  end
  s.request, s.edits = nil, nil
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
end

-- LSP ranges are UTF-16; the buffers here hold what the server was sent, so characters map to bytes per line.
local function byte_col(bufnr, line, character)
  local text = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1] or ''
  local ok, col = pcall(vim.str_byteindex, text, character, true)
  return ok and col or #text
end

local function show(bufnr, edits)
  vim.api.nvim_buf_clear_namespace(bufnr, M.namespace, 0, -1)
  for _, edit in ipairs(edits) do
    local r = edit.range
    local start_col = byte_col(bufnr, r.start.line, r.start.character)
    local end_col = byte_col(bufnr, r['end'].line, r['end'].character)
    if r.start.line ~= r['end'].line or start_col ~= end_col then
      vim.api.nvim_buf_set_extmark(bufnr, M.namespace, r.start.line, start_col,
        { end_row = r['end'].line, end_col = end_col, hl_group = config.options.next_edit_removed_highlight })
    end
    local lines = {}
    for _, line in ipairs(vim.split(edit.newText, '\n', { plain = true })) do
      table.insert(lines, { { '→ ' .. line, config.options.next_edit_added_highlight } })
    end
    vim.api.nvim_buf_set_extmark(bufnr, M.namespace, r['end'].line, 0, { virt_lines = lines })
  end
  M.stats.shown = M.stats.shown + 1
end

--- Asks the server for the next edit now; a newer request or any edit cancels it.
function M.request(bufnr)
  bufnr = client.buffer(bufnr)
  M.clear(bufnr)
  local lsp = client.get(bufnr)
  local s = buffer_state(bufnr)
  if not lsp then
    return
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local id
  local ok, request_id = lsp.request('codepilot/nextEdit', vim.lsp.util.make_position_params(), function(err, result)
    if s.request ~= id then
      return -- superseded
    end
    s.request = nil
    M.last_reason = err and err.message or (result and result.reason)
    if result and result.reason and result.reason:match('^next edits are off') then
      s.off = result.reason -- the automatic trigger stops asking; :CodePilotNextEdit still asks
    end
    if err or not result or #result.edits == 0 or vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
      return
    end
    s.edits, s.tick = result.edits, tick
    show(bufnr, result.edits)
  end, bufnr)
  if ok then
    id = request_id
    s.request, s.client = id, lsp
    M.stats.requests = M.stats.requests + 1
  end
end

--- After an edit: drops what is shown and asks again once the user pauses.
function M.schedule(bufnr)
  bufnr = client.buffer(bufnr)
  M.clear(bufnr)
  local s = buffer_state(bufnr)
  if not config.options.next_edit or s.off or not client.get(bufnr) then
    return
  end
  s.timer = s.timer or vim.loop.new_timer()
  s.timer:start(config.options.next_edit_debounce_ms, 0, vim.schedule_wrap(function()
    if vim.api.nvim_get_current_buf() == bufnr then
      M.request(bufnr)
    end
  end))
end

--- Moves the cursor to the start of the next edit; false when none is shown.
function M.jump(bufnr)
  bufnr = client.buffer(bufnr)
  local s = buffer_state(bufnr)
  if not s.edits or vim.api.nvim_buf_get_changedtick(bufnr) ~= s.tick then
    return false
  end
  local r = s.edits[1].range
  vim.api.nvim_win_set_cursor(0, { r.start.line + 1, byte_col(bufnr, r.start.line, r.start.character) })
  return true
end

--- Applies the next edit shown; false when none is (or the buffer changed since it was computed).
function M.apply(bufnr)
  bufnr = client.buffer(bufnr)
  local s = buffer_state(bufnr)
  if not s.edits or vim.api.nvim_buf_get_changedtick(bufnr) ~= s.tick then
    return false
  end
  local edits = s.edits
  M.clear(bufnr)
  vim.lsp.util.apply_text_edits(edits, bufnr, 'utf-16')
  M.stats.applied = M.stats.applied + 1
  return true
end

return M
