#!/usr/bin/env bash
# Times llama.cpp through LLamaSharp's own libllama.so (plain-decode.c, no .NET) against llama-server, alternating,
# on the same random prompt token ids, same threads and context:
#   eng/plain-decode/compare.sh MODEL.gguf [PROMPT_TOKENS=2000] [GENERATE=120] [RUNS=4] [LLAMA_SERVER=../shared/bin/llama-server]
# MODEL: e.g. `codepilot model make-tiny q05b-sc.gguf --shape qwen2.5-coder-0.5b --vocab ../shared/models/ggml-vocab-starcoder.gguf`
# (made models never write half a character, which llama-server refuses). Needs gcc, curl, python3.
set -euo pipefail
model=$1; prompt_tokens=${2:-2000}; generate=${3:-120}; runs=${4:-4}
here=$(cd "$(dirname "$0")" && pwd)
server=${5:-$here/../../../shared/bin/llama-server}
native=$(ls -d ~/.nuget/packages/llamasharp.backend.cpu/*/LLamaSharpRuntimes/linux-x64/native/avx512 | tail -1)
work=$(mktemp -d)
trap 'kill $(cat "$work/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
gcc -O2 "$here/plain-decode.c" -o "$work/plain-decode" -L"$native" -lllama -Wl,-rpath,"$native"
python3 -c "import random; random.seed(7); print(','.join(str(random.randint(100, 40000)) for _ in range($prompt_tokens)))" > "$work/ids"
port=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
"$server" -m "$model" -t 2 -c 4096 -ub 512 -np 1 --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 & echo $! > "$work/pid"
until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do sleep 0.5; done
python3 -c "import json; print(json.dumps({'prompt': [int(t) for t in open('$work/ids').read().split(',')], 'n_predict': $generate, 'ignore_eos': True, 'cache_prompt': False, 'temperature': 0}))" > "$work/request.json"
for _ in $(seq "$runs"); do
  curl -s "http://127.0.0.1:$port/completion" -d @"$work/request.json" | python3 -c "import json, sys; t = json.load(sys.stdin)['timings']; print('llama-server: prompt %d tokens %.1f tokens/s, generation %d tokens %.2f tokens/s' % (t['prompt_n'], t['prompt_per_second'], t['predicted_n'], t['predicted_per_second']))"
  echo "plain-decode (LLamaSharp's libllama.so): $("$work/plain-decode" "$model" "$work/ids" "$generate" 2)"
done
