import { render } from 'preact';
import '../ui/styles.css';
import './options.css';
import { firstOptionsState } from './firstState';
import { Options } from './Options';

void firstOptionsState().then((first) => render(<Options first={first} />, document.getElementById('app')!));
