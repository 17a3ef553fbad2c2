using BenchmarkDotNet.Running;

// Runs the benchmarks picked on the command line, e.g.
//   dotnet run -c Release --project benchmarks/TypedAmqp.Benchmarks -- --filter '*FrameCodec*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
