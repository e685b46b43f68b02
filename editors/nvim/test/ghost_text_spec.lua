-- Headless end-to-end test of the plugin against the real `codepilot serve` and a real (tiny) model.
-- Run by tests/CodePilotLocal.Editors.Tests (NeovimTests.cs), which sets:
--   CODEPILOT_PLUGIN  this folder's parent (editors/nvim)
--   CODEPILOT_CMD     the server command, as a JSON array; unset: the plugin finds it (the bundle's own server)
--   CODEPILOT_FILE    a C# file in a git workspace; CODEPILOT_LINE / CODEPILOT_COL: the cursor (1-based line, 0-based byte)
-- Any failed check raises an error; the runner turns it into a non-zero exit code.
vim.opt.runtimepath:prepend(os.getenv('CODEPILOT_PLUGIN'))
vim.cmd('runtime plugin/codepilot.lua')

local codepilot = require('codepilot')
local client = require('codepilot.client')
local ghost = require('codepilot.ghost')

local function check(condition, message)
  if not condition then
    error(message, 2)
  end
end

local function wait(ms, condition, what)
  check(vim.wait(ms, condition, 20), 'timed out waiting for ' .. what .. ' ' .. vim.inspect(require('codepilot.ghost').stats))
end

codepilot.setup({
  cmd = os.getenv('CODEPILOT_CMD') and vim.fn.json_decode(os.getenv('CODEPILOT_CMD')) or nil,
  filetypes = { 'cs' },
  auto_trigger = false,
  -- No compile check: it would cut the random model's invented names, and this test is about the editor.
  settings = { explainMaxTokens = 16, semanticGuard = false },
})
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CODEPILOT_FILE')))
check(vim.bo.filetype == 'cs', 'filetype is ' .. vim.bo.filetype)
wait(60000, function()
  local c = client.get(0)
  return c ~= nil and (c.server_capabilities ~= nil or c.resolved_capabilities ~= nil) and not c.is_stopped()
end, 'the server to start and initialize')

local row, col = tonumber(os.getenv('CODEPILOT_LINE')), tonumber(os.getenv('CODEPILOT_COL'))
local function at_cursor()
  vim.api.nvim_win_set_cursor(0, { row, col })
end

-- Ghost text appears as an extmark at the cursor, and nothing is inserted.
local before = vim.api.nvim_buf_get_lines(0, 0, -1, false)
at_cursor()
ghost.request(0)
wait(60000, function() return ghost.current(0) ~= nil end, 'a suggestion')
local suggestion = ghost.current(0)
local marks = vim.api.nvim_buf_get_extmarks(0, ghost.namespace, 0, -1, { details = true })
check(#marks == 1, 'one extmark, got ' .. #marks)
check(marks[1][2] == row - 1 and marks[1][3] == col, 'the extmark is at the cursor')
local first_line = vim.split(suggestion.text, '\n', { plain = true })[1]
check(marks[1][4].virt_text[1][1] == first_line, 'the extmark shows the first line of the suggestion')
check(vim.deep_equal(vim.api.nvim_buf_get_lines(0, 0, -1, false), before), 'showing inserted nothing')

-- Accept inserts exactly the suggestion, and the cursor ends after it.
check(ghost.accept('all'), 'accept')
local line = before[row]
local expected = vim.split(line:sub(1, col) .. suggestion.text .. line:sub(col + 1), '\n', { plain = true })
local after = vim.api.nvim_buf_get_lines(0, row - 1, row - 1 + #expected, false)
check(vim.deep_equal(after, expected), 'accept inserted exactly the suggestion: ' .. vim.inspect(after))
check(#vim.api.nvim_buf_get_extmarks(0, ghost.namespace, 0, -1, {}) == 0, 'nothing left shown after accepting it all')

-- Dismiss removes it.
vim.api.nvim_buf_set_lines(0, 0, -1, false, before)
at_cursor()
ghost.request(0)
wait(60000, function() return ghost.current(0) ~= nil end, 'a second suggestion')
ghost.dismiss(0)
check(ghost.current(0) == nil and #vim.api.nvim_buf_get_extmarks(0, ghost.namespace, 0, -1, {}) == 0, 'dismiss removed the ghost text')
check(vim.deep_equal(vim.api.nvim_buf_get_lines(0, 0, -1, false), before), 'dismiss inserted nothing')

-- A newer request cancels the stale one, whose answer is never shown.
local cancelled = ghost.stats.cancelled
at_cursor()
ghost.request(0)
ghost.request(0)
check(ghost.stats.cancelled == cancelled + 1, 'the stale request was cancelled')
wait(60000, function() return ghost.current(0) ~= nil end, 'the newer suggestion')
ghost.dismiss(0)

-- Moving to another line pre-warms it once (codepilot/prewarm), and the server keeps answering.
local prewarm = require('codepilot.prewarm')
prewarm.delay_ms = 10
vim.api.nvim_win_set_cursor(0, { 1, 0 })
prewarm.schedule(0)
wait(5000, function() return prewarm.stats.sent == 1 end, 'a prewarm notification')
prewarm.schedule(0)
vim.wait(100)
check(prewarm.stats.sent == 1, 'the same line is not pre-warmed twice')

-- Explain opens a window that fills with the server's answer.
local explain_buffer, result = require('codepilot.explain').explain(0, 1, row)
wait(60000, function() return result.done end, 'the explanation')
check(result.error == nil, 'explain failed: ' .. tostring(result.error))
local shown = vim.api.nvim_buf_get_lines(explain_buffer, 0, -1, false)
check(shown[1]:match('^# CodePilot: lines 1%-' .. row), 'the window has the title: ' .. vim.inspect(shown))
check(vim.bo[explain_buffer].filetype == 'markdown', 'the window is Markdown')

-- Fix: nothing to fix on clean lines; on a planted error, only a compile-checked edit could be applied,
-- and the random model's never passes, so the buffer stays as it was.
wait(60000, function()
  for _, m in ipairs(client.messages) do
    if m:match('^Indexed') then return true end
  end
  return false
end, 'indexing')
local fix = require('codepilot.fix')
local clean = fix.fix(0, row, row, true)
wait(60000, function() return clean.done end, 'fix on clean lines')
check(clean.message:match('no errors'), 'fix on clean lines: ' .. tostring(clean.message))
vim.api.nvim_buf_set_lines(0, row - 1, row, false, { (before[row]:gsub('a %+ b', 'a + missing')) })
local planted = vim.api.nvim_buf_get_lines(0, 0, -1, false)
local broken = fix.fix(0, row, row, true)
wait(120000, function() return broken.done end, 'fix on a planted error')
check(broken.message and broken.message:match('No candidate passed'), 'fix on a planted error: ' .. tostring(broken.message))
check(not broken.applied and vim.deep_equal(vim.api.nvim_buf_get_lines(0, 0, -1, false), planted), 'no unchecked edit was applied')

-- Status names the server and what it said, and today's acceptance: three suggestions were shown
-- above (one accepted, two dismissed; the cancelled request's answer never was).
local status = codepilot.status()
check(status:match('running'), status)
check(status:match('today: 33 %% accepted %(1 of 3 shown'), status)

io.stdout:write('ALL PASSED\n')
vim.cmd('qa!')
