"""The Practice page: settings (the question's seed, kind and level), the question and its
verdict, the worked solution, the visit's progress, and every sentence the page says."""
