using MdtReview.Benchmarks;

return args switch
{
    ["review-page", ..] => await ReviewPageBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MdtReview.Benchmarks review-page [--iterations N]");
    return 2;
}
