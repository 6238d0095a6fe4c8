var root = Tributary.Host.Cli.CliRoot.Create();
return await Tributary.Host.Cli.CliRoot.InvokeAsync(root, args);
