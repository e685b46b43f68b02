// Greedy decoding straight on a libllama.so, none of our code in the way: times prompt evaluation and
// generation the way llama-server's timings do, to tell llama.cpp's speed from our process's.
// Build and run with compare.sh (beside this file). Declarations are by hand, for the llama.h of the
// library LLamaSharp 0.30.0 bundles (llama.cpp c0c7e147); llama_context_params' field offsets are
// LLamaSharp's (Marshal.OffsetOf on LLama.Native.LLamaContextParams).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef int32_t llama_token;
typedef struct { char bytes[4096]; } params_blob; // larger than either params struct: passed through by value
typedef struct { int32_t n_tokens; llama_token *token; float *embd; int32_t *pos; int32_t *n_seq_id; int32_t **seq_id; int8_t *logits; } llama_batch;

void llama_backend_init(void);
void llama_log_set(void *callback, void *data);
params_blob llama_model_default_params(void);
params_blob llama_context_default_params(void);
void *llama_model_load_from_file(const char *path, params_blob params);
void *llama_init_from_model(void *model, params_blob params);
const void *llama_model_get_vocab(const void *model);
int32_t llama_vocab_n_tokens(const void *vocab);
llama_batch llama_batch_get_one(llama_token *tokens, int32_t count);
int32_t llama_decode(void *context, llama_batch batch);
float *llama_get_logits_ith(void *context, int32_t index);

static void quiet(int level, const char *text, void *data) { (void)level; (void)text; (void)data; }

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

// plain-decode MODEL PROMPT_IDS_FILE GENERATE THREADS: the prompt is one line of comma-separated token ids.
int main(int argc, char **argv)
{
    if (argc != 5) { fprintf(stderr, "usage: plain-decode MODEL PROMPT_IDS_FILE GENERATE THREADS\n"); return 2; }
    int generate = atoi(argv[3]), threads = atoi(argv[4]);
    llama_log_set(quiet, NULL);
    llama_backend_init();
    void *model = llama_model_load_from_file(argv[1], llama_model_default_params());
    params_blob context_params = llama_context_default_params();
    uint32_t *fields = (uint32_t *)context_params.bytes;
    fields[0] = 4096; fields[1] = 512; fields[2] = 512; // n_ctx, n_batch, n_ubatch
    fields[6] = threads; fields[7] = threads;             // n_threads @24, n_threads_batch @28
    void *context = model ? llama_init_from_model(model, context_params) : NULL;
    if (!context) { fprintf(stderr, "could not load %s\n", argv[1]); return 1; }
    int vocabulary = llama_vocab_n_tokens(llama_model_get_vocab(model));

    FILE *ids = fopen(argv[2], "r");
    static llama_token prompt[4096];
    int count = 0;
    while (ids && count < 4096 && fscanf(ids, "%d,", &prompt[count]) == 1) count++;
    if (count == 0) { fprintf(stderr, "no token ids in %s\n", argv[2]); return 1; }

    double started = seconds();
    for (int start = 0; start < count; start += 512)
    {
        int n = count - start < 512 ? count - start : 512;
        if (llama_decode(context, llama_batch_get_one(prompt + start, n))) { fprintf(stderr, "decode failed\n"); return 1; }
    }
    double evaluated = seconds();
    llama_token token;
    for (int i = 0; i < generate; i++)
    {
        const float *logits = llama_get_logits_ith(context, -1);
        int best = 0;
        for (int v = 1; v < vocabulary; v++) if (logits[v] > logits[best]) best = v;
        token = best;
        if (llama_decode(context, llama_batch_get_one(&token, 1))) { fprintf(stderr, "decode failed\n"); return 1; }
    }
    double finished = seconds();
    printf("prompt %d tokens %.1f tokens/s, generation %d tokens %.2f tokens/s\n",
           count, count / (evaluated - started), generate, generate / (finished - evaluated));
    return 0;
}
