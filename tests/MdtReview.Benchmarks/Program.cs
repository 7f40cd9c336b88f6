using MdtReview.Benchmarks;

return await BenchmarkApp.RunAsync(args, Console.Out, Console.Error);
