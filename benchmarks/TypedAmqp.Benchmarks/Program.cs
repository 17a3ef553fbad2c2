using Perfolizer.Metrology;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Runs the benchmarks picked on the command line, e.g.
//   dotnet run -c Release --project benchmarks/TypedAmqp.Benchmarks -- --filter '*FrameCodec*'
// Allocations are shown in bytes, so "0 B" claims and small differences stay visible.
IConfig config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
