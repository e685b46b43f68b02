-- Headless test of next edit suggestions against the real `codepilot serve`, whose next-edit model is a team's
-- server stand-in (the one thing that cannot run here: a trained model's text). Run by NeovimTests.cs, which sets
-- CODEPILOT_PLUGIN, CODEPILOT_CMD (the server, remote backend at the stand-in) and CODEPILOT_FILE (Shop.cs).
vim.opt.runtimepath:prepend(os.getenv('CODEPILOT_PLUGIN'))
vim.cmd('runtime plugin/codepilot.lua')

local client = require('codepilot.client')
local nextedit = require('codepilot.nextedit')

local function check(condition, message)
  if not condition then
    error(message, 2)
  end
end

local function wait(ms, condition, what)
  check(vim.wait(ms, condition, 20), 'timed out waiting for ' .. what .. ' (last reason: ' .. tostring(nextedit.last_reason) .. ')')
end

require('codepilot').setup({
  cmd = vim.fn.json_decode(os.getenv('CODEPILOT_CMD')),
  filetypes = { 'cs' },
  auto_trigger = false,
  next_edit_debounce_ms = 50,
  settings = { nextEditModelName = 'sweep-next-edit-1.5b' },
})
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('CODEPILOT_FILE')))
wait(60000, function()
  local c = client.get(0)
  return c ~= nil and (c.server_capabilities ~= nil or c.resolved_capabilities ~= nil) and not c.is_stopped()
end, 'the server to start and initialize')
check(vim.fn.exists(':CodePilotNextEdit') == 2, ':CodePilotNextEdit is defined')

-- The user renames the constructor's parameter (line 3); after the pause the server's next edit is previewed:
-- the old use highlighted, the new text as a virtual line below it; nothing is changed yet.
vim.api.nvim_buf_set_text(0, 2, 20, 2, 25, { 'amount' })
vim.api.nvim_win_set_cursor(0, { 5, 8 })
local before = vim.api.nvim_buf_get_lines(0, 0, -1, false)
nextedit.schedule(0)
wait(60000, function() return nextedit.current(0) ~= nil end, 'a next edit')
local marks = vim.api.nvim_buf_get_extmarks(0, nextedit.namespace, 0, -1, { details = true })
local preview = {}
for _, mark in ipairs(marks) do
  for _, line in ipairs(mark[4].virt_lines or {}) do
    table.insert(preview, line[1][1])
  end
end
check(vim.tbl_contains(preview, '→ amount'), 'the preview shows the new text: ' .. vim.inspect(preview))
check(vim.deep_equal(vim.api.nvim_buf_get_lines(0, 0, -1, false), before), 'previewing changed nothing')

-- Jump goes to it; apply makes it.
vim.api.nvim_win_set_cursor(0, { 1, 0 })
check(nextedit.jump(0), 'jump')
local cursor = vim.api.nvim_win_get_cursor(0)
check(cursor[1] == 5 and cursor[2] == 16, 'jumped to the edit: ' .. vim.inspect(cursor))
check(nextedit.apply(0), 'apply')
check(vim.api.nvim_buf_get_lines(0, 4, 5, false)[1] == '        Count = amount;', 'applied: ' .. vim.api.nvim_buf_get_lines(0, 4, 5, false)[1])
check(#vim.api.nvim_buf_get_extmarks(0, nextedit.namespace, 0, -1, {}) == 0, 'nothing left previewed')
check(not nextedit.apply(0), 'nothing to apply twice')

-- An edit while one is shown drops it (the use put back as it was, so that there is an edit to show).
vim.api.nvim_buf_set_lines(0, 4, 5, false, { '        Count = count;' })
vim.cmd('CodePilotNextEdit')
wait(60000, function() return nextedit.current(0) ~= nil end, 'a second next edit')
vim.api.nvim_buf_set_text(0, 0, 0, 0, 0, { '// typed' })
nextedit.schedule(0) -- what the TextChanged autocommand does
check(nextedit.current(0) == nil and #vim.api.nvim_buf_get_extmarks(0, nextedit.namespace, 0, -1, {}) == 0, 'typing dropped the preview')

io.stdout:write('ALL PASSED\n')
vim.cmd('qa!')
